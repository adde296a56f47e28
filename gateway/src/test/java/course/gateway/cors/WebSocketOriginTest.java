package course.gateway.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.gateway.support.WsUpstream;
import course.testkit.RecordingWebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.java_websocket.drafts.Draft_6455;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Browsers let any page open a WebSocket anywhere, so with {@code cors.allowedOrigins} listed the gateway checks the
 * Origin of every upgrade (cross-site WebSocket hijacking): a listed origin is relayed, any other is refused with 403
 * before the upstream is contacted, and an upgrade without Origin (not from a browser) passes. With no origins listed
 * (the default) nothing is checked.
 */
class WebSocketOriginTest {
    private static final String CONFIG = """
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, %s
             "routes": [{"name": "chat", "prefix": "/chat", "upstreams": ["%s"]}]}
            """;

    @AutoClose
    private final WsUpstream upstream = new WsUpstream();

    WebSocketOriginTest() throws InterruptedException {}

    private TestBed gateway(String cors) {
        return new TestBed(CONFIG.formatted(cors, upstream.url()));
    }

    /** Opens a WebSocket through the gateway, with this Origin (or none); the close reason if it was refused. */
    private static String open(TestBed bed, String origin) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (origin != null) {
            headers.put("Origin", origin);
        }
        var client = new RecordingWebSocket("ws://127.0.0.1:" + bed.port() + "/chat/room", new Draft_6455(), headers);
        if (!client.tryConnect()) {
            return client.waitingAtMost(Duration.ofSeconds(10)).awaitClose();
        }
        client.send("hello");
        assertEquals("hello", client.next());
        client.closeBlocking();
        return "relayed";
    }

    @Test
    void onlyListedOriginsMayOpenAWebSocket() throws Exception {
        try (var bed = gateway("\"cors\": {\"allowedOrigins\": [\"https://app.test\"]},")) {
            assertEquals("relayed", open(bed, "https://app.test"));
            int upstreamHandshakes = upstream.handshakes.size();
            String refused = open(bed, "https://evil.test");
            assertTrue(refused.contains("403"), refused);
            assertEquals(upstreamHandshakes, upstream.handshakes.size(), "the upstream is never contacted");
            assertEquals("relayed", open(bed, null), "a client that is not a browser sends no Origin");
        }
    }

    @Test
    void theRefusalIsAJson403() throws Exception {
        try (var bed = gateway("\"cors\": {\"allowedOrigins\": [\"https://app.test\"]},")) {
            String response = RawHttp.firstResponse(bed.port(), "GET /chat/room HTTP/1.1\r\n"
                    + "Host: gateway\r\nOrigin: https://evil.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertEquals(403, RawHttp.status(response), response);
            assertTrue(response.contains("\"status\":403"), response);
            assertTrue(response.contains("Origin https://evil.test may not open WebSockets"), response);
        }
    }

    @Test
    void anyOriginWithAStarOrWhenNoneIsListed() throws Exception {
        try (var bed = gateway("\"cors\": {\"allowedOrigins\": [\"*\"]},")) {
            assertEquals("relayed", open(bed, "https://evil.test"));
        }
        try (var bed = gateway("")) {
            assertEquals("relayed", open(bed, "https://evil.test"));
            assertFalse(bed.gateway().upgradeSteps().contains("origin"));
        }
    }
}
