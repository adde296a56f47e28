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
        // step:2-rate-limit begin handle
        Route route = Route.of(ctx);
        Optional<Limit> limit = limitFor(route);
        if (limit.isEmpty()) {
            ctx.attribute(OUTCOME, "exempt");
            next.proceed();
            return;
        }
        Decision decision = limiter.tryAcquire(route.name() + " " + clients.of(ctx), limit.get());
        ctx.header("RateLimit-Limit", String.valueOf(decision.limit()));
        ctx.header("RateLimit-Remaining", String.valueOf(decision.remaining()));
        ctx.header("RateLimit-Reset", String.valueOf(decision.resetAfterSeconds()));
        if (!decision.allowed()) {
            ctx.attribute(OUTCOME, "limited");
            ctx.header("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            throw new TooManyRequestsResponse("Rate limit of " + limit.get().requests() + " requests per "
                    + limit.get().window().toSeconds() + " s exceeded; retry in " + decision.retryAfterSeconds() + " s");
        }
        ctx.attribute(OUTCOME, "allowed");
        next.proceed();
        // step:2-rate-limit end
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
        // step:b-config begin limitFor
        RouteRateLimit own = route.config().rateLimit();
        if (Boolean.FALSE.equals(own.enabled())) {
            return Optional.empty();
        }
        return Optional.of(new Limit(own.limit() != null ? own.limit() : defaults.limit(),
                Duration.ofSeconds(own.windowSeconds() != null ? own.windowSeconds() : defaults.windowSeconds())));
        // step:b-config end
    }
}
