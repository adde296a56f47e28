package course.gateway.store;

import course.gateway.ratelimit.Decision;
import course.gateway.ratelimit.RateLimiter;
import course.gateway.routes.Limit;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Bonus E: clients' budgets kept in Redis, so every replica draws on the same one. Each request runs
 * {@code token-bucket.lua}, the in-memory {@code TokenBucket}'s arithmetic done inside Redis in one atomic
 * step, so two replicas can never both take the last token. The answer is the same {@link Decision}, hence the
 * same headers and {@code Retry-After}.
 *
 * <p>Keys look like {@code gateway:rl:{route 203.0.113.7}}: the braces are a Redis Cluster hash tag, so a
 * client's bucket has one home node. Buckets expire once refilled, so Redis holds only clients seen recently.
 * While Redis is unreachable and the store fails open, every request is allowed (the headers then show the
 * full budget).
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final LuaScript TOKEN_BUCKET = LuaScript.load("token-bucket.lua");

    private final SharedStore store;
    private final Clock clock;

    public RedisRateLimiter(SharedStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Decision tryAcquire(String key, Limit limit) {
        long windowMillis = limit.window().toMillis();
        List<byte[]> keys = List.of(LuaScript.bytes(store.keyPrefix() + ":rl:{" + key + "}"));
        List<byte[]> args = List.of(LuaScript.bytes(limit.requests()), LuaScript.bytes(windowMillis),
                LuaScript.bytes(clock.millis()));
        return store.call(redis -> {
            List<?> reply = (List<?>) TOKEN_BUCKET.run(redis, keys, args);
            return new Decision(((Long) reply.get(0)) == 1, limit.requests(), (Long) reply.get(1),
                    Duration.ofMillis((Long) reply.get(2)), Duration.ofMillis((Long) reply.get(3)));
        }, () -> new Decision(true, limit.requests(), limit.requests(), Duration.ZERO, Duration.ZERO));
    }

    /** Unknown: counting the buckets would mean scanning Redis's keys on every scrape of the stats. */
    @Override
    public int trackedClients() {
        return -1;
    }
}
