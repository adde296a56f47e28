package course.gateway.ratelimit;

import course.gateway.pipeline.Step;
import io.javalin.http.Context;

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
        // TODO(step 2): the pipeline step. Ask the limiter whether this client may make one more request on this
        // route, and answer for it (guide: exercises/steps/2-rate-limit.md, "The step"):
        //   - a route without a limit passes untouched
        //   - every client has its own budget on every route; the client is the address in the request's facts
        //   - every answer, allowed or refused, carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset
        //   - a refused request is 429 with Retry-After (whole seconds) and never reaches the rest of the pipeline
        //   - what was decided (allowed, limited or exempt) goes into the request's facts (the log and dashboard read it)
        next.proceed();
    }

    /** Clients tracked now (at most {@code rateLimit.maxClients}). */
    public int trackedClients() {
        return limiter.trackedClients();
    }
}
