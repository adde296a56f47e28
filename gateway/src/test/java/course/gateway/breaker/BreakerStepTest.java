package course.gateway.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Bonus C over real sockets: Service A's /status/503 fails on demand; the cool-down passes on the test's clock. */
class BreakerStepTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
             "breaker": {"failureThreshold": 5, "coolDownSeconds": 30},
             "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 3000}]}
            """);

    private int status(String path) throws IOException {
        try (Response response = bed.get(path)) {
            return response.code();
        }
    }

    private void tripTheBreaker() throws IOException {
        for (int i = 0; i < 5; i++) {
            assertEquals(503, status("/service-a/status/503"), "failure " + i + " comes from Service A");
        }
    }

    private String circuit() throws IOException {
        try (Response response = bed.get("/gateway/stats")) {
            return JSON.readTree(response.body().string()).get("breakers").get("service-a").asText();
        }
    }

    @Test
    void fiveFailuresOpenTheCircuitAndRequestsFailFastWithoutTouchingTheUpstream() throws IOException {
        tripTheBreaker();
        assertEquals("OPEN", circuit());
        long reached = bed.serviceA.requestCount();
        try (Response response = bed.get("/service-a/items/1")) {
            assertEquals(503, response.code());
            assertEquals("30", response.header("Retry-After"));
            JsonNode body = JSON.readTree(response.body().string());
            assertTrue(body.get("message").asText().contains("'service-a'"), body.toString());
            assertTrue(body.get("message").asText().contains("circuit is open"), body.toString());
        }
        assertEquals(reached, bed.serviceA.requestCount(), "an open circuit must not call the upstream");
    }

    @Test
    void afterTheCoolDownOneTrialSucceedsAndClosesTheCircuit() throws IOException {
        tripTheBreaker();
        bed.clock.advance(Duration.ofSeconds(30));
        assertEquals(200, status("/service-a/items/1"));
        assertEquals("CLOSED", circuit());
        assertEquals(200, status("/service-a/items/2"));
    }

    @Test
    void aFailedTrialOpensTheCircuitAgain() throws IOException {
        tripTheBreaker();
        bed.clock.advance(Duration.ofSeconds(30));
        assertEquals(503, status("/service-a/status/503"), "the trial fails");
        assertEquals("OPEN", circuit());
        long reached = bed.serviceA.requestCount();
        assertEquals(503, status("/service-a/items/1"));
        assertEquals(reached, bed.serviceA.requestCount());
    }

    @Test
    void halfOpenAdmitsExactlyOneTrialWhileOthersGet503() throws Exception {
        tripTheBreaker();
        bed.clock.advance(Duration.ofSeconds(30));
        var trial = CompletableFuture.supplyAsync(() -> {
            try {
                return status("/service-a/slow?ms=1500");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> circuit().equals("HALF_OPEN"));
        long reached = bed.serviceA.requestCount();
        try (Response response = bed.get("/service-a/items/1")) {
            assertEquals(503, response.code(), "a second request while the trial runs");
            assertEquals("1", response.header("Retry-After"));
        }
        assertEquals(reached, bed.serviceA.requestCount());
        assertEquals(200, (int) trial.get());
        assertEquals("CLOSED", circuit());
    }

    @Test
    void timeoutsAndRefusedConnectionsCountAsFailures() throws Exception {
        bed.startGateway("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "breaker": {"failureThreshold": 2, "coolDownSeconds": 30},
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 200}]}
                """);
        assertEquals(504, status("/service-a/slow?ms=2000"));
        assertEquals(504, status("/service-a/slow?ms=2000"));
        assertEquals("OPEN", circuit());
        assertEquals(503, status("/service-a/items/1"));
    }

    @Test
    void circuitStatesShowInHealthAndMetrics() throws IOException {
        tripTheBreaker();
        try (Response response = bed.get("/gateway/health")) {
            JsonNode upstream = JSON.readTree(response.body().string()).get("upstreams").get(0);
            assertEquals("OPEN", upstream.get("circuit").asText());
        }
        try (Response response = bed.get("/metrics")) {
            String metrics = response.body().string();
            assertTrue(metrics.contains("gateway_circuit_state{upstream=\"service-a\",state=\"open\"} 1"), metrics);
            assertTrue(metrics.contains("gateway_circuit_state{upstream=\"service-a\",state=\"closed\"} 0"));
        }
    }
}
