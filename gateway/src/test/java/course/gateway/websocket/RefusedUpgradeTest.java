package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.FakeUpstream;
import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * An upstream that answers a WebSocket upgrade with anything but 101 (a 404, a 403, a 200 from a service that has
 * no WebSockets, a 101 without a valid handshake) is there and answering: the client's upgrade fails with 502 and
 * the upstream's status in the message, never with the 504 of an upstream that stayed silent.
 */
class RefusedUpgradeTest {
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @AutoClose
    private final FakeUpstream notFound = FakeUpstream.answering(
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    @AutoClose
    private final FakeUpstream forbidden = FakeUpstream.answering(
            "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno");
    @AutoClose
    private final FakeUpstream httpOnly = FakeUpstream.answering(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    @AutoClose
    private final FakeUpstream badHandshake = FakeUpstream.answering("HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: not-the-right-answer\r\n\r\n");
    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
             "routes": [
               {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 5000},
               {"name": "not-found", "prefix": "/not-found", "upstreams": ["%s"], "timeoutMs": 5000},
               {"name": "forbidden", "prefix": "/forbidden", "upstreams": ["%s"], "timeoutMs": 5000},
               {"name": "http-only", "prefix": "/http-only", "upstreams": ["%s"], "timeoutMs": 5000},
               {"name": "bad-handshake", "prefix": "/bad-handshake", "upstreams": ["%s"], "timeoutMs": 5000}]}
            """.formatted(notFound.url(), forbidden.url(), httpOnly.url(), badHandshake.url()));

    RefusedUpgradeTest() throws Exception {}

    private String upgrade(String path) throws Exception {
        return RawHttp.firstResponse(bed.port(), "GET " + path + " HTTP/1.1\r\nHost: gateway\r\n" + UPGRADE);
    }

    private static void assertBadGateway(String response, String upstreamsAnswer) {
        assertEquals(502, RawHttp.status(response), response);
        assertTrue(response.contains("\"status\":502"), response);
        assertTrue(response.contains("refused the WebSocket upgrade: it answered " + upstreamsAnswer), response);
        assertTrue(response.contains("X-Request-ID: "), response);
    }

    @Test
    void anUpstreamThatAnswers404Is502NamingIt() throws Exception {
        assertBadGateway(upgrade("/not-found/ws"), "404 Not Found");
    }

    @Test
    void anUpstreamThatAnswers403Is502NamingIt() throws Exception {
        assertBadGateway(upgrade("/forbidden/ws"), "403 Forbidden");
    }

    @Test
    void aServiceWithoutWebSocketsIs502NamingItsAnswer() throws Exception {
        assertBadGateway(upgrade("/http-only/ws"), "200 OK");
        assertBadGateway(upgrade("/service-a/items/1"), "404 Not Found"); // Service A's Javalin has no WebSocket route
    }

    @Test
    void a101WithAWrongAcceptKeyIs502() throws Exception {
        assertBadGateway(upgrade("/bad-handshake/ws"), "101 Switching Protocols with an invalid WebSocket handshake");
    }
}
