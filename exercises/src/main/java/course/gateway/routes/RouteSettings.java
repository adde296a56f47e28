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
        // TODO(bonus B): the limit this route's clients get. Input: the route's own "rateLimit" section (own: a
        //   field is null where the route says nothing) and the gateway-wide one (defaults: every field filled in).
        //   Output: empty when the route switches rate limiting off; otherwise each field from the route where it
        //   gives one, from the gateway-wide section where it does not. See exercises/steps/bonus-b-config.md.
        return Optional.of(new Limit(defaults.limit(), Duration.ofSeconds(defaults.windowSeconds())));
    }

    /** Bonus B: how long the route's answers are kept (its own TTL, or the global one); empty if never. */
    static Optional<Duration> ttlFor(RouteCache own, CacheConfig defaults) {
        // TODO(bonus B): how long this route's answers stay fresh. Input: the route's own "cache" section (own) and
        //   the gateway-wide one (defaults). Output: empty when the route switches caching off; otherwise the route's
        //   own TTL where it gives one, the gateway-wide TTL where not. See exercises/steps/bonus-b-config.md.
        return Optional.of(Duration.ofSeconds(defaults.ttlSeconds()));
    }
}
