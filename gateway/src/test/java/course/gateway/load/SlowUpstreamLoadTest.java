package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.Latencies;
import course.gateway.support.SlowUpstream;
import course.gateway.support.TestBed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tagged slow: its bounds are on latency, which a busy machine stretches; {@link SlowRouteProgressTest} checks the
 * same behaviour in the default run by order of events instead. Load, no head-of-line blocking: 500 requests wait at once on an upstream that takes 2 s, while a fast route
 * keeps answering about as fast as it did unloaded. With the default limits, the slow route's first 200 requests
 * wait for their answers and the rest get a quick 503 (its bulkhead), so it never holds every request thread.
 */
@Tag("slow")
class SlowUpstreamLoadTest {
    private static final int SLOW_REQUESTS = 500;
    /**
     * Longer than the 2 s of the original case, so that a fast request stuck behind a slow one (which waits about
     * this long) cannot be mistaken for a busy machine's hiccup (up to about 1 s on a shared 2-core machine).
     */
    private static final long SLOW_MILLIS = 4000;
    /** Half of the default {@code server.maxThreads} (400). */
    private static final int DEFAULT_ROUTE_LIMIT = 200;

    @Test
    void aSlowRouteDoesNotStarveAFastOne() throws Exception {
        try (var slow = new SlowUpstream(SLOW_MILLIS);
             var bed = new TestBed("""
                     {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                      "routes": [
                        {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 2000},
                        {"name": "slow", "prefix": "/slow", "upstreams": ["%s"], "timeoutMs": 10000}]}
                     """.formatted(slow.url()))) {
            fastRequests(bed, 300, new Latencies()); // warm-up: JIT, connection pools
            var baseline = new Latencies();
            fastRequests(bed, 300, baseline);

            var burstClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            long burstStart = System.nanoTime();
            var burst = new ArrayList<CompletableFuture<Answer>>();
            for (int i = 0; i < SLOW_REQUESTS; i++) {
                long sent = System.nanoTime();
                burst.add(burstClient.sendAsync(HttpRequest.newBuilder(URI.create(bed.url("/slow/" + i)))
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
                        .thenApply(response -> new Answer(response, (System.nanoTime() - sent) / 1e6)));
            }
            // Measure once the slow route is full, while its requests hold their threads: that is when a fast
            // request would have to wait for a thread. (The first moments, 500 connections arriving at once on a
            // small machine, would measure the CPU instead.)
            Awaitility.await().atMost(Duration.ofMillis(SLOW_MILLIS)).until(() -> slow.waiting() >= 150);
            var loaded = new Latencies();
            int mostThreads = 0;
            while (!CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).isDone()) {
                fastRequests(bed, 10, loaded);
                mostThreads = Math.max(mostThreads, gatewayThreads());
            }
            double burstSeconds = (System.nanoTime() - burstStart) / 1e9;

            Map<Integer, Integer> statuses = new TreeMap<>();
            double slowest503 = 0;
            for (var future : burst) {
                Answer answer = future.get();
                statuses.merge(answer.response.statusCode(), 1, Integer::sum);
                if (answer.response.statusCode() == 503) {
                    slowest503 = Math.max(slowest503, answer.millis);
                    assertTrue(answer.response.body().contains("\"status\":503"), answer.response.body());
                }
            }
            System.out.printf("slow burst: %d requests in %.1f s, statuses %s (slowest 503: %.0f ms), at most %d"
                            + " waiting upstream, at most %d gateway threads%n  fast route unloaded: %s%n"
                            + "  fast route during burst: %s%n", SLOW_REQUESTS, burstSeconds, statuses, slowest503,
                    slow.mostWaiting(), mostThreads, baseline, loaded);

            assertTrue(List.of(200, 503).containsAll(statuses.keySet()),
                    "every slow request is 200 or 503: " + statuses);
            assertTrue(statuses.getOrDefault(200, 0) >= DEFAULT_ROUTE_LIMIT, "the route's share succeeds: " + statuses);
            assertTrue(slow.mostWaiting() <= DEFAULT_ROUTE_LIMIT, "the route's cap held: " + slow.mostWaiting());
            assertTrue(slowest503 < SLOW_MILLIS, "a 503 comes at once, not after the upstream's delay");
            assertTrue(loaded.percentile(0.99) < baseline.percentile(0.99) + 200,
                    "fast route p99 during the burst " + loaded + ", unloaded " + baseline);
            assertTrue(loaded.percentile(1.0) < SLOW_MILLIS / 2,
                    "no fast request waited behind a slow one: " + loaded);
        }
    }

    private record Answer(HttpResponse<String> response, double millis) {}

    /** Sends {@code count} fast requests one after another, recording each latency; each must be 200. */
    private static void fastRequests(TestBed bed, int count, Latencies latencies) throws Exception {
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try (Response response = bed.get("/service-a/items/1")) {
                response.body().bytes();
                assertEquals(200, response.code(), "fast route");
            }
            latencies.add(start, System.nanoTime());
        }
    }

    private static int gatewayThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("gateway-http")).count();
    }
}
