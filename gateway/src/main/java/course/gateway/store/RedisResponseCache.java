package course.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.cache.CachedResponse;
import course.gateway.cache.ResponseCache;
import course.gateway.config.CacheConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;

/**
 * Bonus E: cached answers kept in Redis, so a response stored through one replica is a HIT through every other.
 * Each answer is one hash (its status, headers and freshness as JSON, and its body as raw bytes) that Redis
 * expires at the answer's TTL. {@code cache-put.lua} stores an answer and keeps the configured bounds (count and
 * total bytes) in one atomic step, dropping the answers closest to expiry first.
 *
 * <p>Every cache key carries the hash tag {@code {cache}}, so the bookkeeping and the answers live on one Redis
 * Cluster node: the price of keeping the bounds exact. While Redis is unreachable and the store fails open,
 * lookups miss and nothing is stored.
 */
public final class RedisResponseCache implements ResponseCache {
    private static final LuaScript PUT = LuaScript.load("cache-put.lua");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] META = LuaScript.bytes("meta");
    private static final byte[] BODY = LuaScript.bytes("body");

    private final SharedStore store;
    private final CacheConfig bounds;
    private final String prefix;

    /** What is kept of an answer besides its body. */
    private record Meta(int status, List<List<String>> headers, long storedAtMillis, long expiresAtMillis,
                        Map<String, String> vary) {}

    public RedisResponseCache(SharedStore store, CacheConfig bounds) {
        this.store = store;
        this.bounds = bounds;
        this.prefix = store.keyPrefix() + ":{cache}:";
    }

    @Override
    public CachedResponse get(String key, long nowMillis) {
        List<byte[]> fields = store.call(redis -> redis.hmget(entryKey(key), META, BODY), List::of);
        if (fields.size() != 2 || fields.get(0) == null || fields.get(1) == null) {
            return null; // not stored, or Redis is down and the store fails open
        }
        CachedResponse answer = decode(fields.get(0), fields.get(1));
        return answer.isFreshAt(nowMillis) ? answer : null;
    }

    @Override
    public void put(String key, CachedResponse entry) {
        long ttlMillis = Math.max(1, entry.expiresAtMillis() - entry.storedAtMillis());
        List<byte[]> keys = List.of(entryKey(key), LuaScript.bytes(prefix + "index"),
                LuaScript.bytes(prefix + "sizes"), LuaScript.bytes(prefix + "bytes"));
        List<byte[]> args = List.of(encodeMeta(entry), entry.body(), LuaScript.bytes(entry.expiresAtMillis()),
                LuaScript.bytes(ttlMillis), LuaScript.bytes(entry.storedAtMillis()),
                LuaScript.bytes(bounds.maxEntries()), LuaScript.bytes(bounds.maxTotalBytes()));
        store.call(redis -> PUT.run(redis, keys, args), () -> null);
    }

    @Override
    public int size() {
        return store.call(redis -> (int) redis.zcard(prefix + "index"), () -> 0);
    }

    @Override
    public long totalBytes() {
        return store.call(redis -> {
            String total = redis.get(prefix + "bytes");
            return total == null ? 0L : Long.parseLong(total);
        }, () -> 0L);
    }

    private byte[] entryKey(String key) {
        return LuaScript.bytes(prefix + key);
    }

    private static byte[] encodeMeta(CachedResponse entry) {
        var headers = new ArrayList<List<String>>();
        for (int i = 0; i < entry.headers().size(); i++) {
            headers.add(List.of(entry.headers().name(i), entry.headers().value(i)));
        }
        try {
            return JSON.writeValueAsBytes(new Meta(entry.status(), headers, entry.storedAtMillis(),
                    entry.expiresAtMillis(), entry.varyValues()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain strings and numbers always serialize", e);
        }
    }

    private static CachedResponse decode(byte[] metaJson, byte[] body) {
        try {
            Meta meta = JSON.readValue(metaJson, Meta.class);
            var headers = new Headers.Builder();
            meta.headers().forEach(header -> headers.addUnsafeNonAscii(header.get(0), header.get(1)));
            return new CachedResponse(meta.status(), headers.build(), body, meta.storedAtMillis(),
                    meta.expiresAtMillis(), meta.vary());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a cache entry that this gateway did not write: " + e.getMessage(), e);
        }
    }
}
