package course.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.config.StoreConfig;
import course.gateway.config.StoreConfig.OnFailure;
import course.gateway.config.StoreConfig.Type;
import course.testkit.MutableClock;
import course.testkit.RedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's outage handling, against a real redis-server that the test kills and starts again. */
@Timeout(30)
class SharedStoreTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Test
    void theFirstTryAfterAnOutageUsesAFreshConnectionNotAStaleOneFromThePool() throws Exception {
        var clock = new MutableClock();
        int threads = 6;
        var config = new StoreConfig(Type.REDIS, redis.server().url(), OnFailure.OPEN, 2000, "test");
        try (var store = new SharedStore(config, threads, clock)) {
            // Six request threads at once leave six connections idle in the pool, all to this Redis process.
            holdConnectionsAtOnce(store, threads);
            redis.server().kill();
            assertEquals("down", store.call(jedis -> jedis.ping(), () -> "down"), "Redis is gone: fail open");

            redis.server().start();
            clock.advance(Duration.ofSeconds(1)); // the back-off allows one try a second
            // Without dropping the idle connections when the outage began, this try would take one of the five
            // that still point at the killed process, fail, and keep the gateway failing open another second
            // (five more seconds in all, one stale connection a second).
            assertEquals("PONG", store.call(jedis -> jedis.ping(), () -> "down"), "Redis is back: the first try works");
            assertEquals("up", store.health().status());
        }
    }

    private static void holdConnectionsAtOnce(SharedStore store, int count) throws Exception {
        var allHolding = new CountDownLatch(count);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            var answers = new ArrayList<Future<String>>();
            for (int i = 0; i < count; i++) {
                answers.add(pool.submit(() -> store.call(jedis -> {
                    allHolding.countDown();
                    await(allHolding);
                    return jedis.ping();
                }, () -> "down")));
            }
            for (Future<String> answer : answers) {
                assertEquals("PONG", answer.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
