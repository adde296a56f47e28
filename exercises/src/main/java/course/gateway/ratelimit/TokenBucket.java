package course.gateway.ratelimit;

import course.gateway.routes.Limit;
import java.time.Duration;

/**
 * One client's budget as a token bucket: it holds up to {@code limit} tokens, refills evenly at
 * {@code limit} tokens per window, and each request takes one. A new client may burst the whole limit at once;
 * after that it gets one request every window/limit.
 *
 * <p>To stay exact, the bucket counts in credits: one token is {@code windowMillis} credits, and every
 * millisecond adds {@code limit} credits. Everything is whole numbers, so "10 per 60 s" never becomes
 * 9.999 tokens. Not thread-safe: {@link InMemoryRateLimiter} guards it.
 */
final class TokenBucket {
    private final long limit;
    private final long windowMillis;
    private long credits;
    private long updatedAtMillis;

    TokenBucket(Limit limit, long nowMillis) {
        this.limit = limit.requests();
        this.windowMillis = limit.window().toMillis();
        this.credits = capacity();
        this.updatedAtMillis = nowMillis;
    }

    Decision tryTake(long nowMillis) {
        // TODO(step 2): refill(nowMillis), then take one token (windowMillis credits) if the bucket has one.
        // remaining = credits / windowMillis. When refused, retryAfter = time until one token is back; resetAfter =
        // time until the bucket is full. Both are (missing credits) / limit milliseconds, rounded up.
        return new Decision(true, (int) limit, limit, Duration.ZERO, Duration.ZERO);
    }

    /** A full bucket tells nothing a new one would not, so the limiter may forget it. */
    boolean isFullAt(long nowMillis) {
        // TODO(step 2): true when, by nowMillis, the bucket would have refilled to capacity().
        return true;
    }

    private void refill(long nowMillis) {
        // TODO(step 2): add limit credits for every millisecond since updatedAtMillis, never above capacity(),
        // and never less than nothing if the clock steps back.
    }

    private long capacity() {
        return limit * windowMillis;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
