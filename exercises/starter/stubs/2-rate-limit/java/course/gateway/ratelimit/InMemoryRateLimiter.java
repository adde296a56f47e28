package course.gateway.ratelimit;

import course.gateway.routes.Limit;
import java.time.Clock;

/**
 * The in-memory {@link RateLimiter} (the default): decides, per client key, whether a request may pass under the
 * key's {@link Limit}, reading time from the injected clock only. It knows nothing of HTTP, and many request
 * threads call it at once.
 *
 * <p>Memory stays bounded however many clients appear: state is kept for at most {@code maxClients} keys.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    /**
     * @param clock      the only source of time (the graded tests move it, and never sleep)
     * @param maxClients the most keys whose state may be kept at once ({@code rateLimit.maxClients})
     */
    public InMemoryRateLimiter(Clock clock, int maxClients) {
        // TODO(step 2): keep what tryAcquire needs. The state per key depends on the algorithm you choose
        //   (guide: exercises/steps/2-rate-limit.md, "Choosing an algorithm"); keeping it bounded is
        //   "Bounding memory".
    }

    @Override
    public Decision tryAcquire(String key, Limit limit) {
        // TODO(step 2): take one request from key's budget under limit if it has one, and describe the result
        //   as a Decision (its Javadoc says what each field means). The contract, whatever the algorithm:
        //   - a key never seen may make limit.requests() requests at once, and the one after that is refused
        //   - a refused request takes nothing from the budget
        //   - retryAfter keeps its promise: the same key asking again once it has passed is allowed (and it is
        //     never longer than two windows)
        //   - a key left alone for two whole windows has its whole budget back
        //   - time comes from the clock only; a clock that steps back never hands out extra budget
        //   - two threads never both take the last request of a budget
        throw new io.javalin.http.NotImplementedResponse("Step 2 (rate limiting) is not done yet:"
                + " InMemoryRateLimiter.tryAcquire. See exercises/steps/2-rate-limit.md");
    }

    @Override
    public int trackedClients() {
        // TODO(step 2): how many keys' state is held now, never more than maxClients (/gateway/stats shows it).
        return 0;
    }
}
