package course.gateway.config;

/**
 * Where the gateway listens and how many requests it works on at once.
 *
 * @param host            interface to bind; 127.0.0.1 keeps the gateway private to this machine
 * @param port            TCP port; 0 picks a free one (the tests do this)
 * @param maxThreads      request threads; each in-flight proxied request holds one while it waits upstream
 * @param healthTimeoutMs how long {@code /gateway/health} waits for each service's {@code /health}
 */
public record ServerConfig(String host, Integer port, Integer maxThreads, Integer healthTimeoutMs) {

    public ServerConfig {
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8000 : port;
        maxThreads = maxThreads == null ? 200 : maxThreads;
        healthTimeoutMs = healthTimeoutMs == null ? 2000 : healthTimeoutMs;
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        Checks.range("port", port, 0, 65_535);
        Checks.range("maxThreads", maxThreads, 8, 10_000);
        Checks.range("healthTimeoutMs", healthTimeoutMs, 1, 60_000);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null);
    }
}
