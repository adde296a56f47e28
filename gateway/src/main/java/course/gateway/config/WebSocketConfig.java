package course.gateway.config;

/**
 * Step 4: the WebSocket relay.
 *
 * @param enabled            whether upgrade requests are relayed (otherwise they get 404)
 * @param maxMessageBytes    the largest message relayed in either direction; larger closes with 1009
 * @param idleTimeoutSeconds a relayed socket with no traffic either way for this long is closed
 * @param maxBytesInFlight   the most message bytes all relays may hold at once; a message costs twice its size
 *                           while it is relayed, and one that does not fit closes its relay with 1013
 */
public record WebSocketConfig(Boolean enabled, Integer maxMessageBytes, Integer idleTimeoutSeconds,
                              Long maxBytesInFlight) {

    public WebSocketConfig {
        enabled = enabled == null || enabled;
        maxMessageBytes = maxMessageBytes == null ? 16 * 1024 * 1024 : maxMessageBytes;
        idleTimeoutSeconds = idleTimeoutSeconds == null ? 600 : idleTimeoutSeconds;
        Checks.range("maxMessageBytes", maxMessageBytes, 125, 256 * 1024 * 1024);
        Checks.range("idleTimeoutSeconds", idleTimeoutSeconds, 1, 86_400);
        maxBytesInFlight = maxBytesInFlight == null ? 4L * maxMessageBytes : maxBytesInFlight;
        if (maxBytesInFlight < 2L * maxMessageBytes) {
            throw new IllegalArgumentException("maxBytesInFlight must be at least twice maxMessageBytes ("
                    + 2L * maxMessageBytes + "), or the largest message could never be relayed; got "
                    + maxBytesInFlight);
        }
    }

    public static WebSocketConfig defaults() {
        return new WebSocketConfig(null, null, null, null);
    }
}
