package course.gateway.config;

/**
 * Who may use the gateway's admin endpoints ({@code /gateway/*} and {@code /metrics}); {@code /health} stays open
 * for liveness probes.
 *
 * @param access "any" (the default, for the course), "loopback" (only clients on the gateway's own machine) or
 *               "key" (only requests that send {@code Authorization: Bearer <apiKey>})
 * @param apiKey the admin key when access is "key", at least 16 characters; write it as {@code ${ENV_VAR}}
 */
public record AdminConfig(Access access, String apiKey) {
    /** The three settings of {@code access}. */
    public enum Access implements ConfigChoice { ANY, LOOPBACK, KEY }

    public AdminConfig {
        access = access == null ? Access.ANY : access;
        apiKey = apiKey == null ? "" : apiKey;
        if (access == Access.KEY && apiKey.length() < AuthConfig.MIN_KEY_LENGTH) {
            // The key itself is never printed, only its length.
            throw new IllegalArgumentException("apiKey must be at least " + AuthConfig.MIN_KEY_LENGTH
                    + " characters when access is \"key\", got " + apiKey.length()
                    + " (is its environment variable set?)");
        }
    }

    public static AdminConfig defaults() {
        return new AdminConfig(null, null);
    }
}
