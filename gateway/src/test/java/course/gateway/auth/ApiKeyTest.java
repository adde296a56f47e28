package course.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.TestBed;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Bonus A over real sockets. */
class ApiKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "student-key-0123456789";

    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
             "auth": {"enabled": true, "keys": {"student": "%s", "teacher": "teacher-key-9876543210"}},
             "routes": [
               {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]},
               {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"]}]}
            """.formatted(KEY));

    private Response get(String path, String key) throws IOException {
        var request = new Request.Builder().url(bed.url(path));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return bed.client.newCall(request.build()).execute();
    }

    @Test
    void missingOrWrongKeyIs401AndNeverForwarded() throws IOException {
        long reached = bed.serviceA.requestCount();
        for (String key : new String[] {null, "", "wrong-key-0000000000", KEY + "x", KEY.substring(1)}) {
            try (Response response = get("/service-a/users", key)) {
                assertEquals(401, response.code(), "key " + key);
                assertEquals("ApiKey realm=\"api-gateway\", header=\"X-API-Key\"", response.header("WWW-Authenticate"));
                JsonNode body = JSON.readTree(response.body().string());
                assertEquals(401, body.get("status").asInt());
                assertTrue(body.get("message").asText().contains(key == null || key.isEmpty() ? "Missing" : "Invalid"));
            }
        }
        assertEquals(reached, bed.serviceA.requestCount());
    }

    @Test
    void aValidKeyPassesAndIsStrippedBeforeTheUpstream() throws IOException {
        try (Response response = get("/service-a/echo", KEY)) {
            assertEquals(200, response.code());
            JsonNode headers = JSON.readTree(response.body().string()).get("headers");
            assertNull(headers.get("X-API-Key"), "the key must not reach the upstream");
            assertFalse(headers.toString().contains(KEY));
        }
        try (Response response = get("/service-a/users", "teacher-key-9876543210")) {
            assertEquals(200, response.code());
        }
    }

    @Test
    void healthEndpointsStayOpen() throws IOException {
        try (Response response = get("/health", null)) {
            assertEquals(200, response.code());
        }
        try (Response response = get("/gateway/health", null)) {
            assertEquals(200, response.code());
        }
    }

    @Test
    void webSocketUpgradesNeedTheKeyToo() throws Exception {
        String uri = "ws://127.0.0.1:" + bed.port() + "/service-b/ws";
        var refused = new RecordingWebSocket(uri);
        assertFalse(refused.tryConnect());
        assertTrue(refused.awaitClose().contains("401"), refused.closeOutcome());
        var allowed = RecordingWebSocket.connect(uri, Map.of("X-API-Key", KEY));
        allowed.send("with key");
        assertEquals("with key", allowed.nextText());
        allowed.closeBlocking();
    }

    @Test
    void keysAreComparedByDigestAndNamedByClient() {
        var keys = new ApiKeys(Map.of("a", "first-key-000000000", "b", "second-key-00000000"));
        assertEquals(Optional.of("b"), keys.clientFor("second-key-00000000"));
        assertEquals(Optional.empty(), keys.clientFor("second-key-0000000"));
        assertEquals(Optional.empty(), keys.clientFor(""));
    }
}
