package course.gateway.config;

/**
 * Bonus D: one JSON line per request (and per WebSocket open and close) on the {@code gateway.access} logger.
 */
public record LoggingConfig(Boolean enabled) {

    public LoggingConfig {
        enabled = enabled == null || enabled;
    }

    public static LoggingConfig defaults() {
        return new LoggingConfig(null);
    }
}
