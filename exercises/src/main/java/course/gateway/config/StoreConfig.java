package course.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Bonus E: where rate-limit budgets and cached answers live. {@code memory} keeps them in this process, so every
 * replica has its own; {@code redis} keeps them in one Redis that every replica shares.
 *
 * @param type      {@code memory} (the default) or {@code redis}
 * @param url       the Redis to use, {@code redis://[user:password@]host:port[/database]}
 * @param onFailure while Redis is unreachable: {@code open} serves without limits or cache, {@code closed}
 *                  answers 503 to every request that needs the store
 * @param timeoutMs how long connecting to Redis or one command may take before Redis counts as unreachable
 * @param keyPrefix put in front of every key, so that several gateways (or courses) can share one Redis
 */
public record StoreConfig(Type type, String url, OnFailure onFailure, Integer timeoutMs, String keyPrefix) {
    /** The settings of {@code type}. */
    public enum Type implements ConfigChoice { MEMORY, REDIS }

    /** The settings of {@code onFailure}. */
    public enum OnFailure implements ConfigChoice { OPEN, CLOSED }

    public StoreConfig {
        type = type == null ? Type.MEMORY : type;
        url = url == null ? "redis://127.0.0.1:6379" : url;
        onFailure = onFailure == null ? OnFailure.OPEN : onFailure;
        timeoutMs = timeoutMs == null ? 500 : timeoutMs;
        keyPrefix = keyPrefix == null ? "gateway" : keyPrefix;
        Checks.range("timeoutMs", timeoutMs, 1, 60_000);
        if (!keyPrefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("keyPrefix must be 1 to 64 letters, digits or _.:- , got '"
                    + keyPrefix + "'");
        }
        if (type == Type.REDIS) {
            checkRedisUrl(url);
        }
    }

    public static StoreConfig defaults() {
        return new StoreConfig(null, null, null, null, null);
    }

    public boolean isRedis() {
        return type == Type.REDIS;
    }

    public boolean failsOpen() {
        return onFailure == OnFailure.OPEN;
    }

    /** The URL with any password replaced, safe for logs and {@code /gateway/health}. */
    public String redactedUrl() {
        return redact(url);
    }

    private static String redact(String url) {
        return url.replaceFirst("//[^@/]*@", "//***@");
    }

    private static void checkRedisUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPort() < 1) {
                throw new URISyntaxException(url, "not redis://host:port");
            }
        } catch (URISyntaxException bad) {
            throw new IllegalArgumentException("url must look like redis://127.0.0.1:6379, got '"
                    + redact(url) + "'");
        }
    }
}
