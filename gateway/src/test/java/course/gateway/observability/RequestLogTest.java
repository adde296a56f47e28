package course.gateway.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.TestBed;
import course.testkit.RecordingWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Bonus D: every request, rejected ones included, is one JSON line with the documented fields. */
class RequestLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "log-test-key-0123456789";
    private static final List<String> HTTP_FIELDS = List.of("time", "event", "requestId", "client", "apiClient",
            "method", "path", "route", "upstream", "status", "durationMs", "bytesIn", "bytesOut", "cache", "rateLimit");

    private final Logger access = (Logger) LoggerFactory.getLogger("gateway.access");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"limit": 3},
             "auth": {"enabled": true, "keys": {"student": "%s"}},
             "routes": [
               {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]},
               {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"]}]}
            """.formatted(KEY));

    RequestLogTest() {
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void detach() {
        access.detachAppender(lines);
    }

    private int send(String method, String path, String key, byte[] body) throws Exception {
        var request = new Request.Builder().url(bed.url(path))
                .method(method, body == null ? null : okhttp3.RequestBody.create(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        try (Response response = bed.client.newCall(request.build()).execute()) {
            response.body().bytes();
            return response.code();
        }
    }

    /** The logged line for the request with this path and event, once it has been written. */
    private JsonNode line(String event, String path, int status) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> find(event, path, status),
                Optional::isPresent).orElseThrow();
    }

    private Optional<JsonNode> find(String event, String path, int status) throws Exception {
        for (ILoggingEvent logged : List.copyOf(lines.list)) {
            JsonNode line = JSON.readTree(logged.getFormattedMessage());
            if (line.get("event").asText().equals(event) && path.equals(line.path("path").asText(path))
                    && (status == 0 || line.path("status").asInt() == status)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    @Test
    void aProxiedRequestIsOneJsonLineWithEveryField() throws Exception {
        assertEquals(200, send("POST", "/service-a/echo", KEY, new byte[1234]));
        JsonNode line = line("request", "/service-a/echo", 200);
        for (String field : HTTP_FIELDS) {
            assertTrue(line.has(field), "field " + field + " in " + line);
        }
        assertEquals("POST", line.get("method").asText());
        assertEquals("service-a", line.get("route").asText());
        assertEquals("service-a", line.get("upstream").asText());
        assertEquals("127.0.0.1", line.get("client").asText());
        assertEquals("student", line.get("apiClient").asText());
        assertEquals(1234, line.get("bytesIn").asLong());
        assertEquals(1234, line.get("bytesOut").asLong());
        assertEquals("BYPASS", line.get("cache").asText());
        assertEquals("allowed", line.get("rateLimit").asText());
        assertTrue(line.get("durationMs").asDouble() >= 0);
        assertTrue(line.get("requestId").asText().matches("[0-9a-f-]{36}"));
    }

    @Test
    void rejectedRequestsAreLoggedTooAndTheKeyNeverIs() throws Exception {
        assertEquals(401, send("GET", "/service-a/users", "not-the-key-at-all", null));
        assertEquals(404, send("GET", "/nowhere", KEY, null));
        for (int i = 0; i < 3; i++) {
            send("GET", "/service-a/items/1", KEY, null);
        }
        assertEquals(429, send("GET", "/service-a/items/1", KEY, null));
        assertEquals("limited", line("request", "/service-a/items/1", 429).get("rateLimit").asText());
        assertTrue(line("request", "/nowhere", 404).get("route").isNull());
        assertEquals(401, line("request", "/service-a/users", 401).get("status").asInt());
        JsonNode hit = line("request", "/service-a/items/1", 200);
        assertTrue(List.of("MISS", "HIT").contains(hit.get("cache").asText()));
        for (ILoggingEvent logged : lines.list) {
            assertFalse(logged.getFormattedMessage().contains(KEY), "the API key was logged");
            assertFalse(logged.getFormattedMessage().contains("not-the-key-at-all"), "a presented key was logged");
        }
    }

    @Test
    void aWebSocketSessionLogsItsOpenAndItsClose() throws Exception {
        var client = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/service-b/ws",
                Map.of("X-API-Key", KEY));
        client.send("a");
        client.send("b");
        assertEquals("a", client.nextText());
        assertEquals("b", client.nextText());
        client.closeBlocking();
        JsonNode open = line("websocket-open", "", 0);
        assertEquals("service-b", open.get("route").asText());
        JsonNode close = line("websocket-close", "", 0);
        assertEquals(open.get("requestId"), close.get("requestId"));
        assertEquals(2, close.get("messagesIn").asLong());
        assertEquals(2, close.get("messagesOut").asLong());
        assertEquals(1000, close.get("closeCode").asInt());
        assertTrue(close.get("durationMs").asLong() >= 0);
        assertEquals(101, line("request", "/service-b/ws", 101).get("status").asInt());
    }
}
