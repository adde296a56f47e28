package course.gateway.store;

import course.gateway.cache.CachedResponse;
import course.gateway.cache.ResponseCache;
import course.gateway.config.CacheConfig;

/**
 * Bonus E: cached answers kept in the Redis that every gateway replica shares, so that an answer stored through
 * one replica is a HIT through every other. {@code Stores} uses it when {@code store.type} is {@code redis};
 * {@code CacheStep} cannot tell it from Step 3's cache. Its contract (exercises/steps/bonus-e-scale-out.md):
 *
 * <ul>
 *   <li>An answer comes back as it was stored: status, headers (in order, repeated ones included), the body's
 *       exact bytes, when it was stored, until when it is fresh, and the request header values it varies on.</li>
 *   <li>Stored whole or not at all: no replica ever reads half an answer, or one answer's headers with another's
 *       body.</li>
 *   <li>Freshness is decided by {@code nowMillis}, the gateway's clock, never by Redis's; Redis may forget an
 *       answer by itself once it can no longer be fresh.</li>
 *   <li>The bounds ({@code bounds.maxEntries()}, {@code bounds.maxTotalBytes()}) hold however many replicas store
 *       at once.</li>
 *   <li>Every key starts with {@code store.keyPrefix()}, and everything one call touches lives on one Redis
 *       Cluster node.</li>
 *   <li>Every Redis command goes through {@code store.call}; while Redis is unreachable and the store fails open,
 *       every lookup misses and nothing is stored.</li>
 * </ul>
 */
public final class RedisResponseCache implements ResponseCache {

    /** @param bounds the cache section of config.json: its {@code maxEntries} and {@code maxTotalBytes} */
    public RedisResponseCache(SharedStore store, CacheConfig bounds) {
        // TODO(bonus E): keep what the methods need.
    }

    @Override
    public CachedResponse get(String key, long nowMillis) {
        // TODO(bonus E): the answer stored under key by any replica, if it is fresh at nowMillis; else null.
        //   See "The shared cache" in exercises/steps/bonus-e-scale-out.md. (Until then: nothing is ever found.)
        return null;
    }

    @Override
    public void put(String key, CachedResponse entry) {
        // TODO(bonus E): store entry under key for every replica to find, whole, replacing an older one, and
        //   keep the cache within its bounds. (Until then: nothing is stored.)
    }

    /** How many answers the shared cache holds now, for /gateway/stats; 0 until you can tell. */
    @Override
    public int size() {
        // TODO(bonus E): count the answers stored, cheaply: stats ask often.
        return 0;
    }

    /** How many body bytes the shared cache holds now, for /gateway/stats; 0 until you can tell. */
    @Override
    public long totalBytes() {
        // TODO(bonus E): the body bytes stored, cheaply: stats ask often.
        return 0;
    }
}
