package course.gateway.ratelimit;

import course.gateway.pipeline.Step;
import course.gateway.routes.Limit;
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
        // TODO(step 2): find the route's limit (route.settings().rateLimit(); empty means exempt), then ask the
        // limiter: limiter.tryAcquire(route.name() + " " + facts.client(), limit). Set RateLimit-Limit,
        // RateLimit-Remaining and RateLimit-Reset; when refused, set Retry-After and throw a TooManyRequestsResponse
        // (429) instead of calling next. Record ALLOWED, LIMITED or EXEMPT in the request's facts for the log.
        next.proceed();
    }

    /** Clients tracked now (at most {@code rateLimit.maxClients}). */
    public int trackedClients() {
        return limiter.trackedClients();
    }
}
