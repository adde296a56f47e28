package course.gateway.config;

import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * One route: requests whose path starts with {@code prefix} go to one of {@code upstreams}.
 *
 * @param name        a short name used in logs, errors and {@code /gateway/health}
 * @param prefix      path prefix such as {@code /service-a}; matches {@code /service-a} and {@code /service-a/...}
 * @param upstreams   base URLs (http or https, no query); several are used in turn
 * @param timeoutMs   how long the upstream may take to connect, and between any two reads or writes
 * @param stripPrefix whether {@code /service-a/items/1} is forwarded as {@code /items/1} (default true)
 * @param healthPath  the upstream's health endpoint, checked by {@code /gateway/health}
 * @param retries     extra attempts for GET, HEAD, OPTIONS, PUT and DELETE when an upstream refuses the connection
 * @param rateLimit   this route's own limit (fields left out come from the gateway-wide one)
 * @param cache       this route's own cache settings
 * @param maxConcurrentRequests requests that may wait on this route's upstreams at once (more get 503); null
 *                    means half of {@code server.maxThreads}, so one slow upstream can never hold every thread
 */
public record RouteConfig(String name, String prefix, List<String> upstreams, Integer timeoutMs,
                          Boolean stripPrefix, String healthPath, Integer retries, RouteRateLimit rateLimit,
                          RouteCache cache, Integer maxConcurrentRequests) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    /** Paths the gateway answers itself; a route may not hide them. */
    private static final List<String> RESERVED = List.of("/gateway", "/health", "/metrics");

    public RouteConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-64 letters, digits, '.', '_' or '-', got "
                    + quoted(name));
        }
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must look like /service-a (segments of letters, digits,"
                    + " '.', '_', '~', '-'; no trailing slash), got " + quoted(prefix));
        }
        if (isReserved(prefix)) {
            throw new IllegalArgumentException("prefix " + quoted(prefix) + " is reserved for the gateway");
        }
        if (upstreams == null || upstreams.isEmpty()) {
            throw new IllegalArgumentException("upstreams must list at least one URL");
        }
        upstreams = List.copyOf(upstreams);
        for (int i = 0; i < upstreams.size(); i++) {
            checkUpstream(i, upstreams.get(i));
        }
        timeoutMs = timeoutMs == null ? 10_000 : timeoutMs;
        Checks.range("timeoutMs", timeoutMs, 1, 3_600_000);
        stripPrefix = stripPrefix == null || stripPrefix;
        healthPath = healthPath == null ? "/health" : healthPath;
        retries = retries == null ? 1 : retries;
        Checks.range("retries", retries, 0, 10);
        rateLimit = rateLimit == null ? new RouteRateLimit(null, null, null) : rateLimit;
        cache = cache == null ? new RouteCache(null, null) : cache;
        if (maxConcurrentRequests != null) {
            Checks.range("maxConcurrentRequests", maxConcurrentRequests, 1, 10_000);
        }
        if (!healthPath.startsWith("/")) {
            throw new IllegalArgumentException("healthPath must start with '/', got " + quoted(healthPath));
        }
    }

    /** Whether the path belongs to the gateway's own endpoints ({@code /health}, {@code /gateway/...}, ...). */
    public static boolean isReserved(String path) {
        for (String reserved : RESERVED) {
            if (path.startsWith(reserved)
                    && (path.length() == reserved.length() || path.charAt(reserved.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** A route with only the required fields; everything else takes its default. */
    public static RouteConfig of(String name, String prefix, List<String> upstreams) {
        return new RouteConfig(name, prefix, upstreams, null, null, null, null, null, null, null);
    }

    private static void checkUpstream(int index, String url) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        if (parsed == null || parsed.query() != null || parsed.fragment() != null || url.contains("#")) {
            throw new IllegalArgumentException("upstreams[" + index + "] must be an http:// or https:// URL"
                    + " without query or fragment, got " + quoted(url));
        }
    }

    private static String quoted(String value) {
        return value == null ? "nothing" : "'" + value + "'";
    }
}
