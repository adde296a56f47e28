package course.gateway.routes;

import course.gateway.config.CacheConfig;
import course.gateway.config.GatewayConfig;
import course.gateway.config.RateLimitConfig;
import course.gateway.config.RouteCache;
import course.gateway.config.RouteConfig;
import course.gateway.config.RouteRateLimit;
import java.time.Duration;
import java.util.Optional;

/**
 * One route's settings, resolved once at start-up from the route's own section of config.json and the
 * gateway-wide defaults (Bonus B), so that no step merges them per request.
 *
 * @param timeout               how long the upstream may take to connect, and between any two reads or writes
 * @param retries               extra attempts for idempotent methods when an upstream refuses the connection
 * @param stripPrefix           whether the route's prefix is cut off before the path goes upstream
 * @param healthPath            the upstream's health endpoint
 * @param rateLimit             each client's limit on this route; empty when the route is exempt
 * @param cacheTtl              how long this route's answers stay fresh; empty when they are never cached
 * @param maxConcurrentRequests requests that may wait on this route's upstreams at once (the bulkhead)
 */
public record RouteSettings(Duration timeout, int retries, boolean stripPrefix, String healthPath,
                            Optional<Limit> rateLimit, Optional<Duration> cacheTtl, int maxConcurrentRequests) {

    /** The settings of {@code route} in a gateway configured by {@code gateway}. */
    public static RouteSettings resolve(RouteConfig route, GatewayConfig gateway) {
        Integer ownCap = route.maxConcurrentRequests();
        return new RouteSettings(Duration.ofMillis(route.timeoutMs()), route.retries(), route.stripPrefix(),
                route.healthPath(), limitFor(route.rateLimit(), gateway.rateLimit()),
                ttlFor(route.cache(), gateway.cache()),
                // Half the request threads by default: one slow upstream can never hold every thread.
                ownCap != null ? ownCap : gateway.server().maxThreads() / 2);
    }

    /** Bonus B: the route's own limit, each field it leaves out taken from the gateway-wide one; empty if exempt. */
    static Optional<Limit> limitFor(RouteRateLimit own, RateLimitConfig defaults) {
        // step:b-config begin limitFor
        if (Boolean.FALSE.equals(own.enabled())) {
            return Optional.empty();
        }
        return Optional.of(new Limit(own.limit() != null ? own.limit() : defaults.limit(),
                Duration.ofSeconds(own.windowSeconds() != null ? own.windowSeconds() : defaults.windowSeconds())));
        // step:b-config end
    }

    /** Bonus B: how long the route's answers are kept (its own TTL, or the global one); empty if never. */
    static Optional<Duration> ttlFor(RouteCache own, CacheConfig defaults) {
        // step:b-config begin ttlFor
        if (Boolean.FALSE.equals(own.enabled())) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(own.ttlSeconds() != null ? own.ttlSeconds() : defaults.ttlSeconds()));
        // step:b-config end
    }
}
