package course.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.config.StoreConfig;
import course.gateway.config.StoreConfig.OnFailure;
import course.gateway.config.StoreConfig.Type;
import course.gateway.ratelimit.Decision;
import course.gateway.ratelimit.InMemoryRateLimiter;
import course.gateway.routes.Limit;
import course.testkit.MutableClock;
import course.testkit.RedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The token bucket in Lua against the one in Java: the same requests at the same (mutable) clock times must get
 * exactly the same decisions, remaining counts, Retry-After and reset times from both stores.
 */
class RedisRateLimiterTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** Runs the same script of requests and clock moves against one store, and records every decision. */
    private static List<Decision> script(java.util.function.Function<MutableClock, course.gateway.ratelimit.RateLimiter> store,
                                         Limit limit) {
        var clock = new MutableClock();
        var limiter = store.apply(clock);
        var decisions = new ArrayList<Decision>();
        long[] stepsMillis = {0, 0, 0, 0, 0, 1, 999, 5_999, 6_000, 1, 17_000, 60_000, 0, 120_000, 0, 0};
        for (long step : stepsMillis) {
            clock.advance(Duration.ofMillis(step));
            decisions.add(limiter.tryAcquire("route 203.0.113.7", limit));
        }
        clock.advance(Duration.ofMillis(-30_000)); // a replica whose clock lags must not get extra tokens
        decisions.add(limiter.tryAcquire("route 203.0.113.7", limit));
        return decisions;
    }

    @Test
    void luaBucketDecidesExactlyAsTheJavaOne() {
        // Every window is long in real time: Redis forgets a bucket once it would be full (PEXPIRE), by its own
        // clock, while this test's clock stands still. A 7 ms window was forgotten between two calls whenever the
        // machine was busy, and Redis then allowed what the Java bucket refused. 7 per 61 s keeps the uneven
        // rounding (a token is 61,000 credits, 7 come back each millisecond).
        List<Limit> limits = List.of(new Limit(3, Duration.ofSeconds(18)), new Limit(10, Duration.ofSeconds(60)),
                new Limit(7, Duration.ofSeconds(61)), new Limit(1_000_000, Duration.ofDays(1)));
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            var config = new StoreConfig(Type.REDIS, redis.server().url(), OnFailure.CLOSED, 2000,
                    "limit" + i); // own keys
            try (var shared = new SharedStore(config, 4, new MutableClock())) {
                List<Decision> inMemory = script(clock -> new InMemoryRateLimiter(clock, 100), limit);
                List<Decision> inRedis = script(clock -> new RedisRateLimiter(shared, clock), limit);
                assertEquals(inMemory, inRedis, "decisions for " + limit);
            }
        }
    }
}
