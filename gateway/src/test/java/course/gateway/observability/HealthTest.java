package course.gateway.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.TestBed;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsOkWhenEveryServiceAnswersAndDegradedWhenOneIsDown() throws Exception {
        try (var bed = new TestBed()) {
            try (Response response = bed.get("/health")) {
                assertEquals(200, response.code());
                assertEquals("ok", JSON.readTree(response.body().string()).get("status").asText());
            }
            try (Response response = bed.get("/gateway/health")) {
                assertEquals(200, response.code());
                JsonNode body = JSON.readTree(response.body().string());
                assertEquals("ok", body.get("status").asText());
                assertEquals(2, body.get("upstreams").size());
            }
            bed.serviceB.stop();
            try (Response response = bed.get("/gateway/health")) {
                assertEquals(503, response.code());
                JsonNode body = JSON.readTree(response.body().string());
                assertEquals("degraded", body.get("status").asText());
                assertEquals("up", body.get("upstreams").get(0).get("status").asText());
                assertEquals("service-b", body.get("upstreams").get(1).get("route").asText());
                assertEquals("down", body.get("upstreams").get(1).get("status").asText());
                assertEquals("unreachable", body.get("upstreams").get(1).get("error").asText());
            }
            // The gateway itself is still alive.
            try (Response response = bed.get("/health")) {
                assertEquals(200, response.code());
            }
        }
    }

    @Test
    void routeTableIsListed() throws Exception {
        try (var bed = new TestBed(); Response response = bed.get("/gateway/routes")) {
            JsonNode routes = JSON.readTree(response.body().string());
            assertEquals("/service-a", routes.get(0).get("prefix").asText());
            assertEquals(2000, routes.get(0).get("timeoutMs").asInt());
        }
    }
}
