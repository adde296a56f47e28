package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.TestBed;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load, memory bounds: 100,000 distinct client addresses (X-Forwarded-For from a trusted proxy), each asking for
 * its own 2 KiB answer, through the rate limiter and the cache over real HTTP. The limiter never tracks more than
 * {@code maxClients}, the cache never holds more than {@code maxEntries} answers or {@code maxTotalBytes}, and the
 * heap after a full GC grows by no more than those bounds explain.
 */
@Tag("slow")
class ManyClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 100_000;
    private static final int THREADS = 8;
    private static final int MAX_CLIENTS = 10_000;
    private static final int MAX_ENTRIES = 2000;
    private static final int MAX_TOTAL_BYTES = 1024 * 1024;
    /** Each client asks for its own 2 KiB answer, so the byte bound binds first (about 500 answers). */
    private static final int BODY_BYTES = 2048;

    @Test
    void memoryStaysWithinTheConfiguredBounds() throws Exception {
        try (var bed = new TestBed("""
                {"server": {"port": 0},
                 "rateLimit": {"limit": 10, "windowSeconds": 60, "maxClients": %d, "trustedProxies": ["127.0.0.1"]},
                 "cache": {"maxEntries": %d, "maxTotalBytes": %d}, "logging": {"enabled": false},
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(MAX_CLIENTS, MAX_ENTRIES, MAX_TOTAL_BYTES))) {
            var http = bed.client.newBuilder().connectionPool(new ConnectionPool(THREADS, 1, TimeUnit.MINUTES)).build();
            long heapBefore = heapAfterGc();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            var workers = new ArrayList<Future<?>>();
            for (int t = 0; t < THREADS; t++) {
                int first = t;
                workers.add(pool.submit(() -> {
                    for (int i = first; i < CLIENTS; i += THREADS) {
                        send(http, bed, i);
                        if (i % 10_000 == 0) {
                            assertWithinBounds(stats(http, bed));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;

            JsonNode stats = stats(http, bed);
            assertWithinBounds(stats);
            long heapGrowth = heapAfterGc() - heapBefore;
            System.out.printf("%d distinct clients in %.1f s (%.0f requests/s): tracked clients %d (max %d),"
                            + " cache %d entries (max %d), %d bytes (max %d), heap after GC grew %.1f MiB%n",
                    CLIENTS, seconds, CLIENTS / seconds, stats.get("rateLimitClients").asInt(), MAX_CLIENTS,
                    stats.at("/cache/entries").asInt(), MAX_ENTRIES, stats.at("/cache/bytes").asLong(),
                    MAX_TOTAL_BYTES, heapGrowth / 1048576.0);
            assertEquals(CLIENTS, stats.at("/statusClasses/2xx").asLong(), "every client was served");
            assertEquals(MAX_CLIENTS, stats.get("rateLimitClients").asInt(), "the limiter is full, never over");
            // 10,000 buckets and 64 KiB of answers need a few MiB; 100,000 buckets would need several times more.
            assertTrue(heapGrowth < 16 * 1048576, "heap after GC grew " + heapGrowth / 1048576 + " MiB");
        }
    }

    private static void send(OkHttpClient http, TestBed bed, int client) throws Exception {
        var request = new Request.Builder().url(bed.url("/service-a/bytes/" + BODY_BYTES + "?seed=" + client))
                .header("X-Forwarded-For", "10." + (client >> 16) + "." + (client >> 8 & 255) + "." + (client & 255))
                .build();
        try (Response response = http.newCall(request).execute()) {
            response.body().bytes();
            assertEquals(200, response.code());
        }
    }

    private static JsonNode stats(OkHttpClient http, TestBed bed) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(bed.url("/gateway/stats")).build()).execute()) {
            return JSON.readTree(response.body().string());
        }
    }

    private static void assertWithinBounds(JsonNode stats) {
        assertTrue(stats.get("rateLimitClients").asInt() <= MAX_CLIENTS, stats.toString());
        assertTrue(stats.at("/cache/entries").asInt() <= MAX_ENTRIES, stats.toString());
        assertTrue(stats.at("/cache/bytes").asLong() <= MAX_TOTAL_BYTES, stats.toString());
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
