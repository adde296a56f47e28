package course.gateway.store;

import course.gateway.cache.InMemoryResponseCache;
import course.gateway.cache.ResponseCache;
import course.gateway.config.GatewayConfig;
import course.gateway.ratelimit.InMemoryRateLimiter;
import course.gateway.ratelimit.RateLimiter;
import java.time.Clock;

/**
 * Bonus E: where clients' budgets and cached answers live, chosen once from {@code store.type}: in this process
 * (the default), or in a Redis that every gateway replica shares. Nothing else in the gateway asks which.
 */
public final class Stores implements AutoCloseable {
    private final RateLimiter rateLimiter;
    private final ResponseCache responseCache;
    private final SharedStore redis; // null with the in-memory store

    private Stores(RateLimiter rateLimiter, ResponseCache responseCache, SharedStore redis) {
        this.rateLimiter = rateLimiter;
        this.responseCache = responseCache;
        this.redis = redis;
    }

    /** The stores {@code config} asks for; time (refills, freshness, outages) is read from {@code clock}. */
    public static Stores create(GatewayConfig config, Clock clock) {
        if (!config.store().isRedis()) {
            return new Stores(new InMemoryRateLimiter(clock, config.rateLimit().maxClients()),
                    new InMemoryResponseCache(config.cache().maxEntries(), config.cache().maxTotalBytes()), null);
        }
        // One pooled connection per request thread, so no request waits for another's.
        var redis = new SharedStore(config.store(), config.server().maxThreads(), clock);
        return new Stores(new RedisRateLimiter(redis, clock), new RedisResponseCache(redis, config.cache()), redis);
    }

    /** One limiter for plain requests and WebSocket upgrades alike: they draw on the same budget. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public ResponseCache responseCache() {
        return responseCache;
    }

    /** How the store is, as last seen (stats ask this often, so it never waits on Redis). */
    public StoreHealth health() {
        return redis == null ? StoreHealth.memory() : redis.health();
    }

    /** Asks Redis now, then tells how it is (for {@code /gateway/health}). */
    public StoreHealth check() {
        if (redis != null) {
            redis.probe();
        }
        return health();
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
