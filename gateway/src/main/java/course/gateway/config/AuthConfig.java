package course.gateway.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bonus A: API keys. {@code keys} maps a client's name (shown in logs) to its key; write the keys as
 * {@code ${ENV_VAR}} so they stay out of the file. When enabled, every key must be at least 16 characters.
 *
 * @param enabled whether the step runs at all
 * @param header  the request header that carries the key
 * @param keys    client name to key
 */
public record AuthConfig(Boolean enabled, String header, Map<String, String> keys) {
    static final int MIN_KEY_LENGTH = 16;

    public AuthConfig {
        enabled = enabled != null && enabled;
        header = header == null ? "X-API-Key" : header;
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        if (!header.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("header must be a header name such as X-API-Key, got '" + header + "'");
        }
        if (enabled) {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("keys must name at least one key when auth is enabled");
            }
            for (var entry : new TreeMap<>(keys).entrySet()) {
                if (entry.getValue() == null || entry.getValue().length() < MIN_KEY_LENGTH) {
                    // The key itself is never printed, only its name and length.
                    throw new IllegalArgumentException("keys." + entry.getKey() + " must be at least " + MIN_KEY_LENGTH
                            + " characters, got " + (entry.getValue() == null ? 0 : entry.getValue().length())
                            + " (is its environment variable set?)");
                }
            }
        }
    }

    public static AuthConfig defaults() {
        return new AuthConfig(null, null, null);
    }

    /** Request headers that never leave the gateway, lower case: the API key's, when keys are checked. */
    public Set<String> strippedHeaders() {
        return enabled ? Set.of(header.toLowerCase(Locale.ROOT)) : Set.of();
    }
}
