package course.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, and the check of a presented key against them. Only SHA-256 digests of the keys are
 * kept, and every check compares the presented key's digest with every stored one in constant time, so neither
 * how long a check takes nor which key matched tells an attacker anything about the keys.
 */
public final class ApiKeys {
    private final Map<String, byte[]> digestsByClient = new LinkedHashMap<>();

    /** @param keysByClient client name to key */
    public ApiKeys(Map<String, String> keysByClient) {
        keysByClient.forEach((client, key) -> digestsByClient.put(client, sha256(key)));
    }

    /** The name of the client whose key this is, if it is one. */
    public Optional<String> clientFor(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        String match = null;
        for (var entry : digestsByClient.entrySet()) {
            // No early exit: every key is compared whether or not one already matched.
            if (MessageDigest.isEqual(presented, entry.getValue()) && match == null) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK ships SHA-256", impossible);
        }
    }
}
