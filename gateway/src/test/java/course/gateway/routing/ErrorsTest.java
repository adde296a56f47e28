package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.FakeUpstream;
import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.testkit.ClosedPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Response;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The gateway's own errors: right status, one JSON shape, in bounded time, no internal detail. */
class ErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private static final TestBed bed = new TestBed();

    private static JsonNode assertErrorBody(Response response, int status) throws IOException {
        assertEquals(status, response.code());
        assertEquals("application/json", response.header("Content-Type"));
        JsonNode body = JSON.readTree(response.body().string());
        assertEquals(status, body.get("status").asInt());
        assertFalse(body.get("error").asText().isBlank());
        assertFalse(body.get("message").asText().isBlank());
        assertEquals(response.header("X-Request-ID"), body.get("requestId").asText());
        assertFalse(body.toString().contains("127.0.0.1"), "no internal address in " + body);
        assertFalse(body.toString().contains("Exception"), "no exception names in " + body);
        return body;
    }

    private static String route(String name, String upstream, int timeoutMs) {
        return """
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false}, "routes": [
                  {"name": "%s", "prefix": "/%s", "upstreams": ["%s"], "timeoutMs": %d}]}
                """.formatted(name, name, upstream, timeoutMs);
    }

    @Test
    void unknownPathIs404() throws IOException {
        try (Response response = bed.get("/no-such-service/x")) {
            assertErrorBody(response, 404);
        }
        try (Response response = bed.get("/service-abc")) {
            assertErrorBody(response, 404);
        }
    }

    @Test
    void refusedConnectionIsAFast502() throws IOException {
        try (var closed = ClosedPort.reserve()) {
            bed.startGateway(route("down", closed.url(), 5000));
            try (Response response = bed.get("/down/x")) {
                JsonNode body = assertErrorBody(response, 502);
                assertTrue(body.get("message").asText().contains("'down'"));
                assertTrue(response.receivedResponseAtMillis() - response.sentRequestAtMillis() < 4000);
            } finally {
                bed.startGateway(TestBed.DEFAULT_CONFIG);
            }
        }
    }

    @Test
    void malformedUpstreamResponseIs502() throws Exception {
        try (var upstream = FakeUpstream.answering("this is not HTTP\r\n\r\n")) {
            bed.startGateway(route("broken", upstream.url(), 5000));
            try (Response response = bed.get("/broken/x")) {
                assertErrorBody(response, 502);
            }
        } finally {
            bed.startGateway(TestBed.DEFAULT_CONFIG);
        }
    }

    @Test
    void slowUpstreamIs504AtTheRouteTimeout() throws IOException {
        bed.startGateway(TestBed.DEFAULT_CONFIG.replace("\"timeoutMs\": 2000}", "\"timeoutMs\": 300}"));
        try (Response response = bed.get("/service-a/slow?ms=5000")) {
            JsonNode body = assertErrorBody(response, 504);
            assertTrue(body.get("message").asText().contains("300 ms"));
            long tookMs = response.receivedResponseAtMillis() - response.sentRequestAtMillis();
            assertTrue(tookMs >= 250 && tookMs < 3000, "took " + tookMs + " ms");
        } finally {
            bed.startGateway(TestBed.DEFAULT_CONFIG);
        }
    }

    @Test
    void bodyCutShortByTheUpstreamIsNeverPresentedAsComplete() throws Exception {
        String withLength = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(40_000);
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "9c40\r\n" + "y".repeat(40_000)
                + "\r\n";
        for (String script : new String[] {withLength, chunked}) {
            try (var upstream = FakeUpstream.answering(script)) {
                bed.startGateway(route("cut", upstream.url(), 5000));
                try (Response response = bed.get("/cut/x")) {
                    assertEquals(200, response.code());
                    assertThrows(IOException.class, () -> response.body().bytes(),
                            "a truncated body must fail to read, not look complete");
                }
            } finally {
                bed.startGateway(TestBed.DEFAULT_CONFIG);
            }
        }
    }

    @Test
    void getWithABodyIsRejectedRatherThanSilentlyDropped() throws IOException {
        String response = RawHttp.exchange(bed.port(), "GET /service-a/echo HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(400, RawHttp.status(response));
        assertTrue(response.contains("\"status\":400"));
    }

    @Test
    void requestBodyShorterThanItsContentLengthIs400AndNothingHangs() throws IOException {
        try (var socket = new java.net.Socket("127.0.0.1", bed.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /service-a/inspect HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                    + "\r\nonly ten b").getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput(); // the client gives up half way through its body
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = RawHttp.status(answer);
            assertTrue(status == 400 || status == -1, "answer was: " + answer);
        }
    }

    @Test
    void traceIsRefusedWith405() throws IOException {
        String response = RawHttp.exchange(bed.port(), "TRACE /service-a/echo HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(405, RawHttp.status(response));
    }

    @Test
    void errorsJettyAnswersItselfUseTheSameJsonShape() throws IOException {
        // An Upgrade header without "Connection: Upgrade" is refused by Jetty before the gateway sees it.
        String response = RawHttp.exchange(bed.port(), "GET /service-a/echo HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: nonsense/1\r\nConnection: close\r\n\r\n");
        assertEquals(400, RawHttp.status(response));
        assertTrue(response.contains("Content-Type: application/json"), response);
        assertTrue(response.contains("\"status\":400,\"error\":\"Bad Request\""), response);
        String malformed = RawHttp.exchange(bed.port(), "GARBAGE\r\n\r\n");
        assertEquals(400, RawHttp.status(malformed));
        assertTrue(malformed.contains("\"status\":400"), malformed);
    }
}
