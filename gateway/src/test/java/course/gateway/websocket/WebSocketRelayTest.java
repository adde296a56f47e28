package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.gateway.support.WsUpstream;
import course.servicea.SeededBytes;
import course.testkit.ClosedPort;
import course.testkit.RecordingWebSocket;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Step 4 over real sockets: through the gateway to Service B (echo), and to a recording upstream. */
class WebSocketRelayTest {
    @AutoClose
    private final WsUpstream recording = new WsUpstream();
    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
             "routes": [
               {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"], "timeoutMs": 2000},
               {"name": "rec", "prefix": "/rec", "upstreams": ["%s"], "timeoutMs": 2000}]}
            """.formatted(recording.url()));

    WebSocketRelayTest() throws InterruptedException {}

    private String ws(String path) {
        return "ws://127.0.0.1:" + bed.port() + path;
    }

    @Test
    void textAndBinaryAreEchoedInOrder() throws Exception {
        var client = RecordingWebSocket.connect(ws("/service-b/ws"));
        byte[] binary = SeededBytes.stream(1, 1000).readAllBytes();
        client.send("one");
        client.send(binary);
        client.send("two");
        assertEquals("one", client.nextText());
        assertArrayEquals(binary, client.nextBinary());
        assertEquals("two", client.nextText());
        client.closeBlocking();
    }

    @Test
    void theSwitchingProtocolsAnswerCarriesNoContentType() throws Exception {
        String answer = RawHttp.firstResponse(bed.port(), "GET /service-b/ws HTTP/1.1\r\nHost: gateway\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertEquals(101, RawHttp.status(answer), answer);
        assertTrue(answer.contains("X-Request-ID: "), answer);
        assertFalse(answer.toLowerCase().contains("content-type"), "a 101 has no body to describe: " + answer);
    }

    @Test
    void quarterMebibyteMessagesPassWhole() throws Exception {
        var client = RecordingWebSocket.connect(ws("/service-b/ws"));
        byte[] big = SeededBytes.stream(2, 256 * 1024).readAllBytes();
        String bigText = "x".repeat(256 * 1024);
        client.send(big);
        client.send(bigText);
        assertArrayEquals(big, client.nextBinary());
        assertEquals(bigText, client.nextText());
        client.closeBlocking();
    }

    @Test
    void fiveConcurrentSessionsStaySeparate() throws Exception {
        var clients = new ArrayList<RecordingWebSocket>();
        for (int i = 0; i < 5; i++) {
            clients.add(RecordingWebSocket.connect(ws("/service-b/ws")));
        }
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 5; i++) {
                clients.get(i).send("session " + i + " message " + round);
            }
        }
        for (int i = 0; i < 5; i++) {
            for (int round = 0; round < 20; round++) {
                assertEquals("session " + i + " message " + round, clients.get(i).nextText());
            }
            assertEquals(0, clients.get(i).unread(), "no message of another session");
        }
        for (RecordingWebSocket client : clients) {
            client.closeBlocking();
        }
    }

    @Test
    void theClientsCloseCodeAndReasonReachTheUpstream() throws Exception {
        var client = RecordingWebSocket.connect(ws("/rec/chat"));
        client.close(4001, "done here");
        assertEquals("4001 done here", recording.nextClose());
        assertEquals("4001 done here", client.awaitClose());
    }

    @Test
    void theUpstreamsCloseCodeAndReasonReachTheClient() throws Exception {
        var client = RecordingWebSocket.connect(ws("/rec/chat"));
        WebSocket upstreamSide = recording.connections.poll(10, TimeUnit.SECONDS);
        upstreamSide.close(4002, "server says bye");
        assertEquals("4002 server says bye", client.awaitClose());
    }

    @Test
    void anUpstreamThatDiesClosesTheClientWith1011() throws Exception {
        var client = RecordingWebSocket.connect(ws("/rec/chat"));
        recording.connections.poll(10, TimeUnit.SECONDS).closeConnection(1006, "vanished");
        assertTrue(client.awaitClose().startsWith("1011"), client.closeOutcome());
    }

    @Test
    void aClientThatDiesClosesTheUpstreamWith1001() throws Exception {
        var client = RecordingWebSocket.connect(ws("/rec/chat"));
        client.getConnection().closeConnection(1006, "pulled the cable"); // drops TCP without a Close frame
        // The relay always closes the upstream with 1001. On a busy machine the upstream's Java-WebSocket sees, about
        // one time in twenty (14 of 300 under stress-ng), the connection end before it reads that Close frame, and
        // reports 1006 instead: closed either way, which is the point.
        String upstreamSaw = recording.nextClose();
        assertTrue(upstreamSaw.startsWith("1001") || upstreamSaw.startsWith("1006"), upstreamSaw);
    }

    @Test
    void pathQuerySubprotocolAndHeadersArePassedOn() throws Exception {
        var draft = new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("chat.v1"), new Protocol("chat.v2")));
        var client = new RecordingWebSocket(ws("/rec/room/7?user=ada&x=%20"), draft,
                Map.of("X-Custom", "yes", "Cookie", "session=abc"));
        client.connected();
        ClientHandshake seen = recording.handshakes.poll(10, TimeUnit.SECONDS);
        assertEquals("/room/7?user=ada&x=%20", seen.getResourceDescriptor());
        assertEquals("yes", seen.getFieldValue("X-Custom"));
        assertEquals("session=abc", seen.getFieldValue("Cookie"));
        assertEquals("127.0.0.1", seen.getFieldValue("X-Forwarded-For"));
        assertFalse(seen.getFieldValue("X-Request-ID").isEmpty());
        // The upstream chose chat.v2 of the two offered; the client is told the same.
        assertEquals("chat.v2", client.getProtocol().getProvidedProtocol());
        assertEquals("chat.v2", client.handshake().getFieldValue("Sec-WebSocket-Protocol"));
        client.send("hello");
        assertEquals("hello", client.nextText());
        client.closeBlocking();
    }

    @Test
    void anUnreachableUpstreamFailsTheHandshakeWith502() throws Exception {
        try (var closed = ClosedPort.reserve()) {
            bed.startGateway("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false},
                     "routes": [{"name": "down", "prefix": "/down", "upstreams": ["http://127.0.0.1:%d"]}]}
                    """.formatted(closed.port()));
            var client = new RecordingWebSocket(ws("/down/ws"));
            assertFalse(client.tryConnect());
            assertTrue(client.awaitClose().contains("502"), client.closeOutcome());
        }
    }

    @Test
    void aSilentUpstreamFailsTheHandshakeWith504AtTheRouteTimeout() throws Exception {
        try (var silent = new ServerSocket(0)) { // accepts connections (backlog) but never answers
            bed.startGateway("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false},
                     "routes": [{"name": "silent", "prefix": "/silent", "upstreams": ["http://127.0.0.1:%d"],
                                 "timeoutMs": 500}]}
                    """.formatted(silent.getLocalPort()));
            var client = new RecordingWebSocket(ws("/silent/ws"));
            assertFalse(client.tryConnect()); // the route's 500 ms, well within the client's wait
            assertTrue(client.awaitClose().contains("504"), client.closeOutcome());
        }
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        var client = new RecordingWebSocket(ws("/nowhere/ws"));
        assertFalse(client.tryConnect());
        assertTrue(client.awaitClose().contains("404"), client.closeOutcome());
    }
}
