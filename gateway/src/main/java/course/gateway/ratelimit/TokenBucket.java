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
        refill(nowMillis);
        boolean allowed = credits >= windowMillis;
        if (allowed) {
            credits -= windowMillis;
        }
        Duration retryAfter = allowed ? Duration.ZERO : Duration.ofMillis(ceilDiv(windowMillis - credits, limit));
        Duration resetAfter = Duration.ofMillis(ceilDiv(capacity() - credits, limit));
        return new Decision(allowed, (int) limit, credits / windowMillis, retryAfter, resetAfter);
    }

    /** A full bucket tells nothing a new one would not, so the limiter may forget it. */
    boolean isFullAt(long nowMillis) {
        return credits + Math.max(0, nowMillis - updatedAtMillis) * limit >= capacity();
    }

    private void refill(long nowMillis) {
        long elapsed = Math.max(0, nowMillis - updatedAtMillis); // a clock that steps back adds nothing
        credits = Math.min(capacity(), credits + elapsed * limit);
        updatedAtMillis = Math.max(updatedAtMillis, nowMillis);
    }

    private long capacity() {
        return limit * windowMillis;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
