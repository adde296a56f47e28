package course.gateway.store;

import course.gateway.config.StoreConfig;
import io.javalin.http.ServiceUnavailableResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Bonus E: the connection to the Redis that gateway replicas share, and what happens while it is unreachable.
 * Every command goes through {@link #call}: when Redis fails, the configured fail mode answers instead, either
 * a fallback (fail open) or 503 (fail closed). An outage is logged once when it starts and once when it ends,
 * never per request; while it lasts Redis is tried again at most once a second, so requests don't each wait
 * for a timeout. Reconnecting needs nothing: the pool opens fresh connections once Redis answers again.
 */
public final class SharedStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedStore.class);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final StoreConfig config;
    private final RedisClient redis;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private final Object stateLock = new Object();
    private volatile Outage outage; // null while Redis answers

    /** When the current outage began, what went wrong, and when Redis may next be tried. */
    private record Outage(long sinceMillis, String error, long retryAtMillis) {}

    /** @param connections the most connections kept open: one per request thread, so none waits for another */
    public SharedStore(StoreConfig config, int connections, Clock clock) {
        this.config = config;
        this.clock = clock;
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        pool.setMaxWait(Duration.ofMillis(config.timeoutMs()));
        URI url = URI.create(config.url());
        this.redis = RedisClient.builder()
                .hostAndPort(new HostAndPort(url.getHost(), url.getPort()))
                .clientConfig(DefaultJedisClientConfig.builder(url)
                        .connectionTimeoutMillis(config.timeoutMs())
                        .socketTimeoutMillis(config.timeoutMs())
                        .clientName("api-gateway")
                        .build())
                .poolConfig(pool)
                .build();
    }

    /**
     * Runs {@code command} against Redis. If Redis cannot be reached (or is in an outage and not due for
     * another try), answers {@code whenDown} when failing open, and throws 503 when failing closed.
     */
    public <T> T call(Function<UnifiedJedis, T> command, Supplier<T> whenDown) {
        Outage current = outage;
        if (current != null && clock.millis() < current.retryAtMillis()) {
            return unavailable(whenDown);
        }
        try {
            T result = command.apply(redis);
            markUp();
            return result;
        } catch (JedisException failure) {
            markDown(failure);
            return unavailable(whenDown);
        }
    }

    /** Asks Redis whether it is there, whatever the back-off says (for {@code /gateway/health}). */
    public boolean probe() {
        try {
            redis.ping();
            markUp();
            return true;
        } catch (JedisException failure) {
            markDown(failure);
            return false;
        }
    }

    /** How the store is doing, for {@code /gateway/health} and the metrics. */
    public StoreHealth health() {
        Outage current = outage;
        return new StoreHealth("redis", current == null ? "up" : "down", config.redactedUrl(),
                config.onFailure().spelling(), current == null ? null : current.error(),
                current == null ? null : Math.max(0, clock.millis() - current.sinceMillis()),
                failures.get(), outages.get());
    }

    /** The prefix every key of this gateway starts with. */
    public String keyPrefix() {
        return config.keyPrefix();
    }

    private <T> T unavailable(Supplier<T> whenDown) {
        if (config.failsOpen()) {
            return whenDown.get();
        }
        throw new ServiceUnavailableResponse("The shared store (Redis) is unreachable; try again shortly");
    }

    private void markDown(JedisException failure) {
        failures.incrementAndGet();
        // The idle connections in the pool lead to the Redis that failed. Kept, each would fail one later try in
        // turn (and cost another second of the outage) even once Redis is back; dropped, the next try dials anew.
        redis.getPool().clear();
        long now = clock.millis();
        String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        synchronized (stateLock) {
            Outage current = outage;
            if (current == null) {
                outages.incrementAndGet();
                log.warn("Redis at {} is unreachable ({}); failing {} until it is back", config.redactedUrl(), error,
                        config.onFailure().spelling());
                outage = new Outage(now, error, now + RETRY_EVERY.toMillis());
            } else {
                outage = new Outage(current.sinceMillis(), error, now + RETRY_EVERY.toMillis());
            }
        }
    }

    private void markUp() {
        if (outage == null) {
            return;
        }
        synchronized (stateLock) {
            Outage ended = outage;
            if (ended != null) {
                outage = null;
                log.info("Redis at {} is back after {} ms", config.redactedUrl(), clock.millis() - ended.sinceMillis());
            }
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
