package course.gateway.ratelimit;

import course.gateway.config.RateLimitConfig;
import course.gateway.config.RouteRateLimit;
import course.gateway.pipeline.Step;
import course.gateway.routing.Route;
import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Step 2, rate limiting: each client has its own budget on each route. Allowed requests carry
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}; a request over the limit gets
 * 429 with {@code Retry-After} and never reaches the upstream.
 */
public final class RateLimitStep implements Step {
    /** Where the outcome ("allowed", "limited" or "exempt") is left for the request log. */
    public static final String OUTCOME = "gateway.rateLimit";

    private final RateLimitStore limiter;
    private final RateLimitConfig defaults;
    private final ClientAddress clients;

    public RateLimitStep(RateLimitStore limiter, RateLimitConfig defaults, ClientAddress clients) {
        this.limiter = limiter;
        this.defaults = defaults;
        this.clients = clients;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        // TODO(step 2): find the route's limit (limitFor; empty means exempt), then ask the limiter:
        // limiter.tryAcquire(route.name() + " " + clients.of(ctx), limit). Set RateLimit-Limit, RateLimit-Remaining
        // and RateLimit-Reset; when refused, set Retry-After and throw a TooManyRequestsResponse (429) instead of
        // calling next. Leave "allowed", "limited" or "exempt" in ctx.attribute(OUTCOME, ...) for the log.
        next.proceed();
    }

    /** Clients tracked now (at most {@code rateLimit.maxClients}). */
    public int trackedClients() {
        return limiter.trackedClients();
    }

    /**
     * Bonus B: the route's own limit, each field it leaves out taken from the gateway-wide one; empty when the
     * route is exempt.
     */
    Optional<Limit> limitFor(Route route) {
        // TODO(bonus B): use the route's own settings, route.config().rateLimit(): empty when "enabled" is false;
        // otherwise its limit and windowSeconds where given, the gateway-wide defaults where not.
        return Optional.of(new Limit(defaults.limit(), Duration.ofSeconds(defaults.windowSeconds())));
    }
}
