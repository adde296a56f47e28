package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the gateway adds to a request head counts against the upstream's limit on it. The gateway adds its proxy
 * headers (X-Forwarded-For/Proto/Host, Via, X-Request-ID, and Accept-Encoding: identity when the client sent none),
 * 174 bytes plus the upstream's host:port for a client at 127.0.0.1 that sent Host only, and nothing of OkHttp's own
 * (no invented User-Agent, no Connection: Keep-Alive). Service A accepts every head the gateway lets through.
 */
class HeaderOverheadTest {
    private static final String CLIENT_HEAD = "GET /fake/x HTTP/1.1\r\nHost: gateway.test\r\n\r\n";

    @Test
    void theGatewayAddsItsProxyHeadersAndNothingElse() throws Exception {
        try (var upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var head = CompletableFuture.supplyAsync(() -> readHeadAndAnswer(upstream));
            String authority = "127.0.0.1:" + upstream.getLocalPort();
            try (var bed = new TestBed("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                     "routes": [{"name": "fake", "prefix": "/fake", "upstreams": ["http://%s"]}]}
                    """.formatted(authority))) {
                assertEquals(200, RawHttp.status(RawHttp.firstResponse(bed.port(), CLIENT_HEAD)));
            }
            String seen = head.get(10, TimeUnit.SECONDS);
            String lower = seen.toLowerCase(Locale.ROOT);
            assertFalse(lower.contains("\r\nuser-agent:"), "no User-Agent the client did not send:\n" + seen);
            assertFalse(lower.contains("\r\nconnection:"), "no Connection: Keep-Alive, which HTTP/1.1 assumes:\n" + seen);
            int added = seen.length() - CLIENT_HEAD.length() + "/fake".length(); // the prefix is not forwarded
            System.out.printf("the gateway added %d bytes to a %d-byte request head:%n%s", added,
                    CLIENT_HEAD.length(), seen);
            assertTrue(added <= 174 + authority.length(), added + " bytes added:\n" + seen);
        }
    }

    /**
     * A head just under 8 KiB (Service A's limit once, Jetty's default) reached Service A directly but came back as
     * its HTML 431 through the gateway; and one just under the gateway's own limit went through the gateway and
     * failed at Service A.
     */
    @Test
    void headsJustUnderEitherLimitReachServiceAThroughTheGatewayAsTheyDoDirectly() throws Exception {
        try (var bed = new TestBed()) {
            for (int limit : new int[] {8 * 1024, 16 * 1024}) {
                String request = "GET /service-a/headers HTTP/1.1\r\nHost: gateway.test\r\nX-Filler: %s\r\n\r\n";
                String head = request.formatted("f".repeat(limit - 100 - request.length())); // 100 bytes under
                String direct = RawHttp.firstResponse(bed.serviceA.port(), head.replace("/service-a", ""));
                assertEquals(200, RawHttp.status(direct), "directly, " + head.length() + " bytes");
                String through = RawHttp.firstResponse(bed.port(), head);
                assertEquals(200, RawHttp.status(through), "through the gateway, " + head.length() + " bytes: "
                        + through.substring(0, Math.min(300, through.length())));
            }
        }
    }

    /** Accepts one connection, reads the request head, answers 200 and returns the head as received. */
    private static String readHeadAndAnswer(ServerSocket server) {
        try (Socket socket = server.accept()) {
            String head = RawHttp.readHead(socket.getInputStream());
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            return head;
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }
}
