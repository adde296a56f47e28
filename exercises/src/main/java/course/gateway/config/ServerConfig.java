package course.gateway.config;

/**
 * Where the gateway listens and what it accepts.
 *
 * @param host                  interface to bind; 127.0.0.1 keeps the gateway private to this machine
 * @param port                  TCP port; 0 picks a free one (the tests do this)
 * @param maxThreads            request threads; each in-flight proxied request holds one while it waits upstream,
 *                              so each route may use only part of them ({@code routes[].maxConcurrentRequests})
 * @param healthTimeoutMs       how long {@code /gateway/health} waits for each service's {@code /health}
 * @param maxRequestBodyBytes   larger request bodies get 413 (checked against Content-Length, and while streaming)
 * @param maxRequestHeaderBytes a larger request line plus headers gets 431
 * @param shutdownGraceSeconds  on SIGTERM, how long requests in flight may take to finish before the gateway stops
 * @param idleTimeoutMs         a client connection that sends and receives nothing for this long is closed, whether
 *                              it is between requests or halfway through its request head (a slowloris client)
 * @param requestHeadTimeoutMs  a new connection whose first request head is not complete after this long is closed,
 *                              even if it trickles bytes all along (a slowloris client that is never idle)
 */
public record ServerConfig(String host, Integer port, Integer maxThreads, Integer healthTimeoutMs,
                           Long maxRequestBodyBytes, Integer maxRequestHeaderBytes, Integer shutdownGraceSeconds,
                           Integer idleTimeoutMs, Integer requestHeadTimeoutMs) {

    public ServerConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8000 : port;
        maxThreads = maxThreads == null ? 400 : maxThreads;
        healthTimeoutMs = healthTimeoutMs == null ? 2000 : healthTimeoutMs;
        maxRequestBodyBytes = maxRequestBodyBytes == null ? 100L * 1024 * 1024 : maxRequestBodyBytes;
        maxRequestHeaderBytes = maxRequestHeaderBytes == null ? 16 * 1024 : maxRequestHeaderBytes;
        shutdownGraceSeconds = shutdownGraceSeconds == null ? 10 : shutdownGraceSeconds;
        idleTimeoutMs = idleTimeoutMs == null ? 30_000 : idleTimeoutMs;
        requestHeadTimeoutMs = requestHeadTimeoutMs == null ? 10_000 : requestHeadTimeoutMs;
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        Checks.range("port", port, 0, 65_535);
        Checks.range("maxThreads", maxThreads, 8, 10_000);
        Checks.range("healthTimeoutMs", healthTimeoutMs, 1, 60_000);
        Checks.range("maxRequestBodyBytes", maxRequestBodyBytes, 0, Long.MAX_VALUE);
        Checks.range("maxRequestHeaderBytes", maxRequestHeaderBytes, 1024, 1024 * 1024);
        Checks.range("shutdownGraceSeconds", shutdownGraceSeconds, 0, 3600);
        Checks.range("idleTimeoutMs", idleTimeoutMs, 100, 3_600_000);
        Checks.range("requestHeadTimeoutMs", requestHeadTimeoutMs, 100, 3_600_000);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null, null);
    }
}
