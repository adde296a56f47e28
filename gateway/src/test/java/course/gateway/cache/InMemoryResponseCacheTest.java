package course.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** The in-memory response cache on its own, no sockets: expiry, and its bounds on entries and bytes. */
class InMemoryResponseCacheTest {
    private static CachedResponse entry(int bytes, long expiresAt) {
        return new CachedResponse(200, Headers.of(), new byte[bytes], 0, expiresAt, Map.of());
    }

    @Test
    void expiredEntriesAreNotServed() {
        var cache = new InMemoryResponseCache(10, 1000);
        cache.put("k", entry(1, 30_000));
        assertNotNull(cache.get("k", 29_999));
        assertNull(cache.get("k", 30_000));
        assertEquals(0, cache.size());
    }

    @Test
    void leastRecentlyUsedGoesFirstWhenTheCountIsReached() {
        var cache = new InMemoryResponseCache(2, 1000);
        cache.put("a", entry(1, 10));
        cache.put("b", entry(1, 10));
        cache.get("a", 0);
        cache.put("c", entry(1, 10));
        assertNotNull(cache.get("a", 0));
        assertNull(cache.get("b", 0));
        assertNotNull(cache.get("c", 0));
    }

    @Test
    void totalBytesStayWithinTheBound() {
        var cache = new InMemoryResponseCache(100, 250);
        for (int i = 0; i < 10; i++) {
            cache.put("k" + i, entry(100, 10));
        }
        assertEquals(2, cache.size());
        assertEquals(200, cache.totalBytes());
        cache.put("k9", entry(50, 10)); // replacing an entry frees its bytes
        assertEquals(150, cache.totalBytes());
    }
}
