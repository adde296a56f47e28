package course.gateway.observability;

import course.gateway.config.RouteConfig;
import course.gateway.pipeline.RateLimitOutcome;
import course.gateway.pipeline.RequestFacts;
import course.gateway.store.StoreHealth;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * Counters for {@code /gateway/stats} and {@code /metrics}: requests by status class, rate-limited requests and
 * request durations, recorded once every request is answered; plus live readings from the steps (cache,
 * breakers, WebSockets) asked for when a snapshot is taken.
 */
public final class GatewayStats {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLongArray statusClasses = new AtomicLongArray(6);
    private final AtomicLong rateLimited = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Supplier<Readings> readings;

    /** What the steps report about themselves; a switched-off step reports zeros and no breakers. */
    public record Readings(long cacheHits, long cacheMisses, int cacheEntries, long cacheBytes,
                           int rateLimitClients, int activeWebSockets, long webSocketBytesInFlight,
                           Map<String, String> breakerStates, StoreHealth store) {}

    public GatewayStats(Supplier<Readings> readings) {
        this.readings = readings;
    }

    /**
     * Counts one answered request (a WebSocket upgrade included). The gateway's own endpoints, which monitors poll,
     * are not counted: the figures are about the traffic through routes.
     */
    public void record(Context ctx, double durationMs) {
        if (!RouteConfig.isReserved(ctx.req().getRequestURI())) {
            record(ctx.res().getStatus(), durationMs,
                    RequestFacts.of(ctx).rateLimit() == RateLimitOutcome.LIMITED);
        }
    }

    void record(int status, double durationMs, boolean wasRateLimited) {
        requests.incrementAndGet();
        statusClasses.incrementAndGet(Math.max(0, Math.min(5, status / 100)));
        if (wasRateLimited) {
            rateLimited.incrementAndGet();
        }
        latency.record(durationMs);
    }

    /** The body of {@code /gateway/stats}. */
    public Snapshot snapshot() {
        var classes = new LinkedHashMap<String, Long>();
        for (int i = 1; i <= 5; i++) {
            classes.put(i + "xx", statusClasses.get(i));
        }
        var percentiles = new LinkedHashMap<String, Double>();
        percentiles.put("p50", latency.quantileUpperBoundMs(0.50));
        percentiles.put("p90", latency.quantileUpperBoundMs(0.90));
        percentiles.put("p99", latency.quantileUpperBoundMs(0.99));
        Readings now = readings.get();
        return new Snapshot(requests.get(), classes, rateLimited.get(), now.rateLimitClients(),
                new Cache(now.cacheHits(), now.cacheMisses(), now.cacheEntries(), now.cacheBytes()),
                now.breakerStates(), now.activeWebSockets(), now.webSocketBytesInFlight(), percentiles, now.store());
    }

    LatencyHistogram latency() {
        return latency;
    }

    /**
     * Every figure of {@code /gateway/stats}; latency percentiles are bucket upper bounds in milliseconds.
     * {@code rateLimitClients} is how many clients the rate limiter tracks now (at most {@code maxClients}).
     */
    public record Snapshot(long requests, Map<String, Long> statusClasses, long rateLimited, int rateLimitClients,
                           Cache cache, Map<String, String> breakers, int activeWebSockets, long webSocketBytesInFlight,
                           Map<String, Double> latencyMs, StoreHealth store) {}

    /** The cache's counters, and its size now: answers stored and their body bytes. */
    public record Cache(long hits, long misses, int entries, long bytes) {}
}
