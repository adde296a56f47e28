package course.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

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
public record StoreConfig(String type, String url, String onFailure, Integer timeoutMs, String keyPrefix) {
    private static final Set<String> TYPES = Set.of("memory", "redis");
    private static final Set<String> FAIL_MODES = Set.of("open", "closed");

    public StoreConfig {
        type = type == null ? "memory" : type;
        url = url == null ? "redis://127.0.0.1:6379" : url;
        onFailure = onFailure == null ? "open" : onFailure;
        timeoutMs = timeoutMs == null ? 500 : timeoutMs;
        keyPrefix = keyPrefix == null ? "gateway" : keyPrefix;
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be \"memory\" or \"redis\", got '" + type + "'");
        }
        if (!FAIL_MODES.contains(onFailure)) {
            throw new IllegalArgumentException("onFailure must be \"open\" or \"closed\", got '" + onFailure + "'");
        }
        Checks.range("timeoutMs", timeoutMs, 1, 60_000);
        if (!keyPrefix.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("keyPrefix must be 1 to 64 letters, digits or _.:- , got '"
                    + keyPrefix + "'");
        }
        if (type.equals("redis")) {
            checkRedisUrl(url);
        }
    }

    public static StoreConfig defaults() {
        return new StoreConfig(null, null, null, null, null);
    }

    public boolean isRedis() {
        return type.equals("redis");
    }

    public boolean failsOpen() {
        return onFailure.equals("open");
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
