package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Slowloris in the default run, judged by what happens rather than by when ({@link SlowlorisTest}, tagged slow,
 * measures how soon): clients that send part of a request head and go silent are disconnected by the idle timeout,
 * and clients that trickle a byte every 100 ms without end by the request head deadline, which is far shorter
 * than the idle timeout here; others are served all the while.
 */
class SlowClientsProgressTest {
    private static final int CLIENTS = 20;
    /** A guard against a hang, never reached when things work. */
    private static final int GUARD_MS = 60_000;

    private static TestBed gateway(String serverSettings) {
        return new TestBed("""
                {"server": {"port": 0, %s}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(serverSettings));
    }

    private static List<Socket> startRequestHeads(TestBed bed) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            var socket = new Socket("127.0.0.1", bed.port());
            socket.getOutputStream().write("GET /service-a/items/1 HTTP/1.1\r\nHost: gateway\r\nX-Slow: "
                    .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(socket);
        }
        return sockets;
    }

    private static void assertServed(TestBed bed) throws IOException {
        try (Response response = bed.get("/service-a/items/1")) {
            assertEquals(200, response.code(), "served while slow clients hold connections");
        }
    }

    @Test
    void silentClientsAreDisconnectedAndOthersServedMeanwhile() throws Exception {
        try (var bed = gateway("\"idleTimeoutMs\": 1000")) {
            List<Socket> silent = startRequestHeads(bed);
            assertServed(bed);
            for (Socket socket : silent) {
                try (socket) {
                    socket.setSoTimeout(GUARD_MS);
                    readUntilClosed(socket.getInputStream()); // returns once the gateway hangs up
                }
            }
            assertServed(bed);
        }
    }

    @Test
    void tricklingClientsAreCutAtTheRequestHeadDeadlineThoughNeverIdle() throws Exception {
        try (var bed = gateway("\"idleTimeoutMs\": " + GUARD_MS + ", \"requestHeadTimeoutMs\": 1000")) {
            List<Socket> open = startRequestHeads(bed);
            int rounds = 0;
            while (!open.isEmpty() && rounds++ < GUARD_MS / 100) {
                Thread.sleep(100); // the pace of the trickle: far more often than the idle timeout
                open.removeIf(RawHttp::trickleOrSeeClosed);
                assertServed(bed);
            }
            assertEquals(List.of(), open, "every trickling client was disconnected");
            assertTrue(rounds < GUARD_MS / 100, "by the request head deadline, before the idle timeout could");
        }
    }

    private static void readUntilClosed(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // discard (perhaps a 408)
            }
        } catch (SocketException reset) {
            // closed by a reset: disconnected all the same
        }
    }
}
