package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.gateway.support.WsUpstream;
import course.testkit.RecordingWebSocket;
import java.time.Duration;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid WebSocket handshakes get a 400 in the usual JSON shape (never a 500, and never an upstream socket
 * opened for nothing); a message over {@code websocket.maxMessageBytes} closes that socket with 1009 while the
 * gateway goes on serving.
 */
class WebSocketInputTest {
    private static WsUpstream upstream;
    private static TestBed bed;

    @BeforeAll
    static void start() throws Exception {
        upstream = new WsUpstream();
        bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "websocket": {"maxMessageBytes": 1024},
                 "routes": [{"name": "ws", "prefix": "/ws", "upstreams": ["%s"]},
                            {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() {
        bed.close();
        upstream.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 12",
        "Sec-WebSocket-Key: not-base64-of-16-bytes\r\nSec-WebSocket-Version: 13",
    })
    void invalidHandshakesAre400AndOpenNoUpstreamSocket(String handshake) throws Exception {
        int before = upstream.handshakes.size();
        String response = RawHttp.firstResponse(bed.port(), "GET /ws/chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n" + handshake + "\r\n\r\n");
        assertEquals(400, RawHttp.status(response), response);
        assertTrue(response.contains("\"status\":400"), response);
        Thread.sleep(100);
        assertEquals(before, upstream.handshakes.size(), "no upstream WebSocket is opened for a bad handshake");
    }

    @Test
    void anUpgradeWithoutAVersionIsAPlainGetForwardedWithoutItsUpgradeHeader() throws Exception {
        // Without Sec-WebSocket-Version nothing marks it as a WebSocket handshake: it is proxied like any GET,
        // minus the hop-by-hop Upgrade and Connection headers, and the upstream answers it as a plain GET.
        int before = upstream.handshakes.size();
        String response = RawHttp.firstResponse(bed.port(), "GET /ws/chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertEquals(404, RawHttp.status(response), response);
        assertTrue(response.contains("Via: 1.1 api-gateway"), response);
        assertEquals(before, upstream.handshakes.size());
    }

    @Test
    void aValidHandshakeGetsNoSessionCookie() throws Exception {
        var client = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/ws/chat");
        assertFalse(client.handshake().hasFieldValue("Set-Cookie"), "the gateway keeps no sessions");
        client.closeBlocking();
    }

    @Test
    void anOversizedMessageClosesWith1009AndTheGatewayKeepsServing() throws Exception {
        var client = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/ws/chat");
        client.send("x".repeat(1024));
        assertEquals("x".repeat(1024), client.nextText(), "a message at the limit passes");
        client.send("y".repeat(1025));
        assertTrue(client.awaitClose().startsWith("1009"), client.closeOutcome());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bed.gateway().inFlightRequests() == 0);

        var next = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/ws/chat");
        next.send("still here");
        assertEquals("still here", next.nextText());
        next.closeBlocking();
        try (Response response = bed.get("/service-a/items/1")) {
            assertEquals(200, response.code());
        }
    }
}
