package course.gateway.config;

/**
 * A route's own rate limit; any field left out is taken from the gateway-wide {@link RateLimitConfig}.
 * {@code "enabled": false} exempts the route.
 */
public record RouteRateLimit(Boolean enabled, Integer limit, Integer windowSeconds) {

    public RouteRateLimit {
        if (limit != null) {
            Checks.range("limit", limit, 1, 1_000_000_000);
        }
        if (windowSeconds != null) {
            Checks.range("windowSeconds", windowSeconds, 1, 86_400);
        }
    }
}
