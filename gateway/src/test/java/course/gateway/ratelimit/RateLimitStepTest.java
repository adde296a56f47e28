package course.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.TestBed;
import course.testkit.RecordingWebSocket;
import course.testkit.TestHttp;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Step 2 over real sockets, time moved by the test's clock. */
class RateLimitStepTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            {"server": {"port": 0}, "cache": {"enabled": false},
             "rateLimit": {"limit": 10, "windowSeconds": 60, "trustedProxies": [%s]},
             "routes": [
               {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]},
               {"name": "generous", "prefix": "/generous", "upstreams": ["${A}"], "rateLimit": {"limit": 50}},
               {"name": "free", "prefix": "/free", "upstreams": ["${A}"], "rateLimit": {"enabled": false}},
               {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"]}]}
            """;

    private static int status(OkHttpClient client, TestBed bed, String path, String forwardedFor) throws IOException {
        var request = new Request.Builder().url(bed.url(path));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            return response.code();
        }
    }

    @Test
    void theEleventhRequestIs429AndNeverReachesTheUpstream() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted(""))) {
            for (int i = 1; i <= 10; i++) {
                try (Response response = bed.get("/service-a/items/" + i)) {
                    assertEquals(200, response.code(), "request " + i);
                    assertEquals("10", response.header("RateLimit-Limit"));
                    assertEquals(String.valueOf(10 - i), response.header("RateLimit-Remaining"));
                    assertTrue(Long.parseLong(response.header("RateLimit-Reset")) > 0);
                }
            }
            long reachedBefore = bed.serviceA.requestCount();
            try (Response response = bed.get("/service-a/items/11")) {
                assertEquals(429, response.code());
                assertEquals("6", response.header("Retry-After"));
                assertEquals("0", response.header("RateLimit-Remaining"));
                assertEquals("application/json", response.header("Content-Type"));
                JsonNode body = JSON.readTree(response.body().string());
                assertEquals(429, body.get("status").asInt());
                assertTrue(body.get("message").asText().contains("retry in 6 s"), body.toString());
            }
            assertEquals(reachedBefore, bed.serviceA.requestCount(), "the 11th request reached Service A");
        }
    }

    @Test
    void theWindowRollsOver() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted(""))) {
            for (int i = 0; i < 10; i++) {
                status(bed.client, bed, "/service-a/users", null);
            }
            assertEquals(429, status(bed.client, bed, "/service-a/users", null));
            bed.clock.advance(Duration.ofSeconds(6));
            assertEquals(200, status(bed.client, bed, "/service-a/users", null), "one request back after 6 s");
            assertEquals(429, status(bed.client, bed, "/service-a/users", null));
            bed.clock.advance(Duration.ofSeconds(60));
            for (int i = 0; i < 10; i++) {
                assertEquals(200, status(bed.client, bed, "/service-a/users", null), "after the window, " + i);
            }
        }
    }

    @Test
    void twoClientsHaveSeparateBudgets() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted(""))) {
            OkHttpClient other = TestHttp.clientFrom("127.0.0.2");
            for (int i = 0; i < 10; i++) {
                status(bed.client, bed, "/service-a/users", null);
            }
            assertEquals(429, status(bed.client, bed, "/service-a/users", null));
            assertEquals(200, status(other, bed, "/service-a/users", null), "a second client is not limited");
        }
    }

    @Test
    void aClientCannotDodgeTheLimitWithXForwardedFor() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted(""))) {
            for (int i = 0; i < 10; i++) {
                status(bed.client, bed, "/service-a/users", "198.51.100." + i);
            }
            assertEquals(429, status(bed.client, bed, "/service-a/users", "198.51.100.99"));
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBudget() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted("\"127.0.0.1\""))) {
            for (int i = 0; i < 10; i++) {
                status(bed.client, bed, "/service-a/users", "198.51.100.1");
            }
            assertEquals(429, status(bed.client, bed, "/service-a/users", "198.51.100.1"));
            assertEquals(200, status(bed.client, bed, "/service-a/users", "198.51.100.2"));
            // The leftmost entries are the client's own words; only the rightmost untrusted one counts.
            assertEquals(429, status(bed.client, bed, "/service-a/users", "203.0.113.5, 198.51.100.1"));
        }
    }

    @Test
    void routesMaySetTheirOwnLimitOrBeExempt() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted(""))) {
            for (int i = 0; i < 10; i++) {
                status(bed.client, bed, "/service-a/users", null);
            }
            assertEquals(429, status(bed.client, bed, "/service-a/users", null));
            try (Response response = bed.get("/generous/users")) {
                assertEquals(200, response.code(), "each route has its own budget");
                assertEquals("50", response.header("RateLimit-Limit"));
            }
            for (int i = 0; i < 30; i++) {
                assertEquals(200, status(bed.client, bed, "/free/users", null));
            }
        }
    }

    @Test
    void webSocketUpgradesCountAgainstTheLimit() throws Exception {
        try (var bed = new TestBed(CONFIG.formatted(""))) {
            for (int i = 0; i < 10; i++) {
                status(bed.client, bed, "/service-b/health", null);
            }
            var refused = new RecordingWebSocket("ws://127.0.0.1:" + bed.port() + "/service-b/ws");
            assertFalse(refused.tryConnect(), "the upgrade must be refused");
            assertTrue(refused.awaitClose().contains("429"), refused.closeOutcome());
        }
    }
}
