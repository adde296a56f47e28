package course.gateway.dashboard;

import java.util.concurrent.atomic.LongAdder;

/**
 * One route's counters since the gateway started: answers by status class, cache hits, rate-limited requests and
 * the total time spent answering. Adders, because many request threads count at once and nobody waits for a sum
 * until a page asks.
 */
final class RouteCounters {
    private final LongAdder requests = new LongAdder();
    private final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder()};
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder totalMicros = new LongAdder();

    void record(int status, double durationMs, boolean cacheHit, boolean limited) {
        requests.increment();
        statusClasses[Math.max(1, Math.min(5, status / 100)) - 1].increment();
        if (cacheHit) {
            cacheHits.increment();
        }
        if (limited) {
            rateLimited.increment();
        }
        totalMicros.add(Math.round(durationMs * 1000));
    }

    Counts read() {
        long count = requests.sum();
        return new Counts(count, statusClasses[1].sum(), statusClasses[2].sum(), statusClasses[3].sum(),
                statusClasses[4].sum(), cacheHits.sum(), rateLimited.sum(),
                count == 0 ? 0 : Math.round(totalMicros.sum() / (double) count) / 1000.0);
    }

    /** What the page shows for a route (1xx answers, WebSocket upgrades, count in {@code requests} only). */
    record Counts(long requests, long status2xx, long status3xx, long status4xx, long status5xx, long cacheHits,
                  long rateLimited, double meanMs) {}
}
