package course.gateway.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.TestBed;
import java.time.Duration;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class StatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"limit": 4},
             "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
            """);

    private JsonNode stats() throws Exception {
        try (Response response = bed.get("/gateway/stats")) {
            return JSON.readTree(response.body().string());
        }
    }

    @Test
    void countsWhatHappened() throws Exception {
        for (int i = 0; i < 3; i++) {
            bed.get("/service-a/items/1").close();   // MISS, HIT, HIT
        }
        bed.get("/service-a/status/404").close();      // 4xx from upstream
        bed.get("/service-a/items/2").close();         // over the limit: 429
        bed.get("/nowhere").close();                   // 404, no route
        // The request log records each request just after answering it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stats().get("requests").asLong() >= 6);
        // The gateway's own endpoints (these /gateway/stats calls included) are not counted as traffic.
        JsonNode stats = stats();
        assertEquals(6, stats.get("requests").asLong());
        assertEquals(3, stats.get("statusClasses").get("2xx").asLong());
        assertEquals(3, stats.get("statusClasses").get("4xx").asLong());
        assertEquals(1, stats.get("rateLimited").asLong());
        assertEquals(2, stats.get("cache").get("hits").asLong());
        assertEquals(2, stats.get("cache").get("misses").asLong());
        assertEquals("CLOSED", stats.get("breakers").get("service-a").asText());
        assertTrue(stats.get("latencyMs").get("p99").isNumber());
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        bed.get("/service-a/items/1").close();
        bed.get("/service-a/items/1").close();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stats().get("requests").asLong() >= 2);
        try (Response response = bed.get("/metrics")) {
            assertTrue(response.header("Content-Type").startsWith("text/plain; version=0.0.4"));
            String text = response.body().string();
            assertTrue(text.contains("# TYPE gateway_requests_total counter"), text);
            assertTrue(text.contains("gateway_cache_hits_total 1"), text);
            assertTrue(text.contains("gateway_request_duration_seconds_bucket{le=\"+Inf\"}"), text);
            for (String line : text.split("\n")) {
                assertTrue(line.startsWith("#") || line.matches("[a-z_]+(\\{[^}]*})? [0-9.]+"), "bad line: " + line);
            }
        }
    }
}
