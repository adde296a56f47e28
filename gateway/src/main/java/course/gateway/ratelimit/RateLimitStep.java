package course.gateway.ratelimit;

import course.gateway.pipeline.RateLimitOutcome;
import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import course.gateway.routes.Route;
import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;

/**
 * Step 2, rate limiting: each client has its own budget on each route. Allowed requests carry
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}; a request over the limit gets
 * 429 with {@code Retry-After} and never reaches the upstream. The outcome is recorded in the request's facts.
 */
public final class RateLimitStep implements Step {
    private final RateLimiter limiter;

    /** @param limiter where budgets are kept: {@link InMemoryRateLimiter}, or a shared store (Bonus E) */
    public RateLimitStep(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        // step:2-rate-limit begin handle
        RequestFacts facts = RequestFacts.of(ctx);
        Route route = facts.route();
        var limit = route.settings().rateLimit(); // empty when the route is exempt
        if (limit.isEmpty()) {
            facts.setRateLimit(RateLimitOutcome.EXEMPT);
            next.proceed();
            return;
        }
        Decision decision = limiter.tryAcquire(route.name() + " " + facts.client(), limit.get());
        ctx.header("RateLimit-Limit", String.valueOf(decision.limit()));
        ctx.header("RateLimit-Remaining", String.valueOf(decision.remaining()));
        ctx.header("RateLimit-Reset", String.valueOf(decision.resetAfterSeconds()));
        if (!decision.allowed()) {
            facts.setRateLimit(RateLimitOutcome.LIMITED);
            ctx.header("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            throw new TooManyRequestsResponse("Rate limit of " + limit.get().requests() + " requests per "
                    + limit.get().window().toSeconds() + " s exceeded; retry in " + decision.retryAfterSeconds() + " s");
        }
        facts.setRateLimit(RateLimitOutcome.ALLOWED);
        next.proceed();
        // step:2-rate-limit end
    }

    /** Clients tracked now (at most {@code rateLimit.maxClients}). */
    public int trackedClients() {
        return limiter.trackedClients();
    }
}
