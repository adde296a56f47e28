package course.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A graded test's config.json, written where a student can start their own gateway with it
 * ({@code ./run-all.sh --student --config exercises/target/repro/config-....json}), so that every failure's curl
 * command can be tried by hand against the same routes and settings: the services are run-all.sh's (8001 and
 * 8002) and the gateway listens on 8000, as run-all.sh's own config.json does.
 */
final class ReproConfig {
    private static final Path DIR = Path.of("target", "repro");

    private ReproConfig() {}

    /** Writes the config (the same text gives the same file) and returns its path from the repository root. */
    static String write(String configJson) {
        String config = configJson.replace("${A}", "${SERVICE_A_URL:-http://localhost:8001}")
                .replace("${B}", "${SERVICE_B_URL:-http://localhost:8002}")
                .replaceFirst("\"port\":\\s*0\\b", "\"port\": \"\\${GATEWAY_PORT:-8000}\"");
        String name = "config-" + hash(config) + ".json";
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(name), config);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
        return "exercises/target/repro/" + name;
    }

    private static String hash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
