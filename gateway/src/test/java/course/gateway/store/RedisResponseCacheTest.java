package course.gateway.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import course.gateway.cache.CachedResponse;
import course.gateway.config.CacheConfig;
import course.gateway.config.StoreConfig;
import course.gateway.config.StoreConfig.OnFailure;
import course.gateway.config.StoreConfig.Type;
import course.testkit.MutableClock;
import course.testkit.RedisExtension;
import java.util.Map;
import java.util.Random;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis cache store: answers come back byte-identical, go stale on the clock, and the bounds hold. */
class RedisResponseCacheTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    private SharedStore shared;

    @BeforeEach
    void connect() {
        shared = new SharedStore(new StoreConfig(Type.REDIS, redis.server().url(), OnFailure.CLOSED, 2000, "test"), 4,
                new MutableClock());
    }

    @AfterEach
    void disconnect() {
        shared.close();
    }

    private static CachedResponse answer(byte[] body, long storedAt, long ttlMillis) {
        var headers = new Headers.Builder().add("Content-Type", "application/octet-stream")
                .addUnsafeNonAscii("X-Tag", "é ü").build(); // upstreams do send Latin-1 bytes
        return new CachedResponse(200, headers,
                body, storedAt, storedAt + ttlMillis, Map.of("accept", "application/json"));
    }

    @Test
    void anAnswerComesBackWholeAndGoesStaleOnTheClock() {
        var store = new RedisResponseCache(shared, CacheConfig.defaults());
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body); // every byte value, zeros included
        store.put("GET /bytes", answer(body, 1_000, 30_000));

        CachedResponse back = store.get("GET /bytes", 2_000);
        assertNotNull(back);
        assertArrayEquals(body, back.body());
        assertEquals(200, back.status());
        assertEquals("é ü", back.headers().get("X-Tag"));
        assertEquals(Map.of("accept", "application/json"), back.varyValues());
        assertEquals(1_000, back.storedAtMillis());
        assertNull(store.get("GET /bytes", 31_000), "stale once the TTL has passed on the gateway's clock");
        assertNull(store.get("GET /other", 2_000));
    }

    @Test
    void theCountBoundDropsTheAnswersClosestToExpiryFirst() {
        var store = new RedisResponseCache(shared, new CacheConfig(true, 30, 2, 1000, 10_000L));
        store.put("a", answer(new byte[10], 0, 10_000));
        store.put("b", answer(new byte[10], 0, 20_000));
        store.put("c", answer(new byte[10], 0, 30_000));
        assertEquals(2, store.size());
        assertNull(store.get("a", 1), "a would have expired first, so it went first");
        assertNotNull(store.get("b", 1));
        assertNotNull(store.get("c", 1));
    }

    @Test
    void theTotalBytesBoundHoldsAndReplacingAnAnswerCountsItOnce() throws Exception {
        var store = new RedisResponseCache(shared, new CacheConfig(true, 30, 100, 1000, 2_500L));
        store.put("a", answer(new byte[1000], 0, 10_000));
        store.put("a", answer(new byte[1000], 0, 10_000));
        store.put("b", answer(new byte[1000], 0, 20_000));
        assertEquals(2, store.size(), "2,000 bytes fit in 2,500");
        store.put("c", answer(new byte[1000], 0, 30_000));
        assertEquals(2, store.size(), "3,000 bytes would not");
        assertNull(store.get("a", 1));
        assertEquals("$4", redis.server().command("GET test:{cache}:bytes"), "the total is kept as a 4-digit number");
    }
}
