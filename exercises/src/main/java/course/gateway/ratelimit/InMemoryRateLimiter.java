package course.gateway.ratelimit;

import course.gateway.routes.Limit;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-memory {@link RateLimiter} (the default): decides, per client key, whether a request may pass, with
 * one {@link TokenBucket} per key and time taken from the injected clock. It knows nothing of HTTP.
 *
 * <p>Memory stays bounded however many clients appear: at most {@code maxClients} buckets are kept (the least
 * recently used goes first), and buckets that have refilled completely are dropped as they are passed, since a
 * full bucket is the same as no bucket. Forgetting a busy client early can only make the limit kinder to it.
 */
public final class InMemoryRateLimiter implements RateLimiter {
    private final Clock clock;
    private final int maxClients;
    private final LinkedHashMap<String, TokenBucket> buckets;

    public InMemoryRateLimiter(Clock clock, int maxClients) {
        this.clock = clock;
        this.maxClients = maxClients;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > InMemoryRateLimiter.this.maxClients;
            }
        };
    }

    @Override
    public synchronized Decision tryAcquire(String key, Limit limit) {
        long now = clock.millis();
        forgetIdleBuckets(now);
        return buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now)).tryTake(now);
    }

    @Override
    public synchronized int trackedClients() {
        return buckets.size();
    }

    /** Looks at the two least recently used buckets and drops them if they are full again. */
    private void forgetIdleBuckets(long now) {
        Iterator<TokenBucket> oldestFirst = buckets.values().iterator();
        for (int i = 0; i < 2 && oldestFirst.hasNext(); i++) {
            if (oldestFirst.next().isFullAt(now)) {
                oldestFirst.remove();
            }
        }
    }
}
