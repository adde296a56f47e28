package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.SlowUpstream;
import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.gateway.support.UnfinishedHeads;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: clients that trickle the start of a request head and then go silent. They must not keep anyone
 * else from being served, and each is disconnected once it has been silent for {@code server.idleTimeoutMs}.
 * That idle timeout must not cut what is silent for a good reason: a request waiting on a slow upstream, or a
 * quiet WebSocket.
 */
class SlowlorisTest {
    private static final int CLIENTS = 50;
    private static final long IDLE_TIMEOUT_MS = 1000;
    /** Where Jetty's threads wait when they have no request: the pool's idle wait, the selector, the acceptor. */
    private static final Set<String> IDLE = Set.of("idleJobPoll", "select", "accept");

    @Test
    @Tag("slow") // bounds in time, which a busy machine stretches: SlowClientsProgressTest in the default run
    void tricklingClientsAreDisconnectedAndOthersAreServedMeanwhile() throws Exception {
        try (var bed = UnfinishedHeads.gateway("\"idleTimeoutMs\": " + IDLE_TIMEOUT_MS)) {
            List<Socket> sockets = UnfinishedHeads.open(bed, CLIENTS);
            // Trickle: one byte from each, more often than the idle timeout, so none of them is idle yet.
            for (int round = 0; round < 4; round++) {
                Thread.sleep(IDLE_TIMEOUT_MS / 3);
                for (Socket socket : sockets) {
                    socket.getOutputStream().write('a');
                }
                try (Response response = bed.get("/service-a/items/1")) {
                    assertEquals(200, response.code(), "served while " + CLIENTS + " clients trickle");
                }
            }
            int pinned = busyRequestThreads();
            System.out.printf("slowloris: %d trickling clients, %d request threads busy%n",
                    CLIENTS, pinned);
            // A thread or two may be passing work between Jetty's selector and its pool; one per client would be 50.
            assertTrue(pinned < 10, "a request head that has not arrived holds no thread: " + pinned + " busy");

            long silentSince = System.nanoTime();
            long slowestMs = 0;
            for (Socket socket : sockets) {
                try (socket) {
                    socket.setSoTimeout((int) (IDLE_TIMEOUT_MS * 5));
                    readUntilClosed(socket.getInputStream());
                    slowestMs = Math.max(slowestMs, (System.nanoTime() - silentSince) / 1_000_000);
                }
            }
            System.out.printf("slowloris: all %d disconnected %d ms after going silent (idle timeout %d ms)%n",
                    CLIENTS, slowestMs, IDLE_TIMEOUT_MS);
            assertTrue(slowestMs < IDLE_TIMEOUT_MS + 1500, "disconnected within the idle timeout: " + slowestMs);
        }
    }

    @Test
    @Tag("slow")
    void clientsThatTrickleWithoutEndAreCutAtTheRequestHeadDeadline() throws Exception {
        long headDeadlineMs = 1000;
        try (var bed = UnfinishedHeads.gateway(
                "\"idleTimeoutMs\": 30000, \"requestHeadTimeoutMs\": " + headDeadlineMs)) {
            List<Socket> open = UnfinishedHeads.open(bed, CLIENTS);
            long start = System.nanoTime();
            // A byte from each every 100 ms, far more often than the idle timeout, until the gateway hangs up.
            while (!open.isEmpty() && System.nanoTime() - start < 4 * headDeadlineMs * 1_000_000) {
                Thread.sleep(100);
                open.removeIf(RawHttp::trickleOrSeeClosed);
                try (Response response = bed.get("/service-a/items/1")) {
                    assertEquals(200, response.code(), "served while clients trickle");
                }
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("slowloris: %d clients trickling without end, all disconnected %d ms after connecting"
                    + " (request head deadline %d ms)%n", CLIENTS, tookMs, headDeadlineMs);
            assertEquals(List.of(), open, "every trickling client disconnected");
            assertTrue(tookMs < headDeadlineMs + 1500, "within the request head deadline: " + tookMs + " ms");
        }
    }

    @Test
    void aRequestWaitingOnItsUpstreamIsNotIdle() throws Exception {
        try (var slow = new SlowUpstream(3 * IDLE_TIMEOUT_MS);
             var bed = new TestBed("""
                     {"server": {"port": 0, "idleTimeoutMs": %d}, "rateLimit": {"enabled": false},
                      "cache": {"enabled": false},
                      "routes": [{"name": "slow", "prefix": "/slow", "upstreams": ["%s"], "timeoutMs": 10000}]}
                     """.formatted(IDLE_TIMEOUT_MS, slow.url()));
             Response response = bed.get("/slow/x")) {
            assertEquals(200, response.code(), "the route's timeout decides, not the client's idle timeout");
            assertEquals("slow", response.body().string());
        }
    }

    @Test
    void aQuietWebSocketKeepsItsOwnIdleTimeout() throws Exception {
        try (var bed = new TestBed("""
                {"server": {"port": 0, "idleTimeoutMs": %d, "requestHeadTimeoutMs": %d},
                 "rateLimit": {"enabled": false},
                 "routes": [{"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"]}]}
                """.formatted(IDLE_TIMEOUT_MS, IDLE_TIMEOUT_MS))) {
            var client = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/service-b/ws");
            Thread.sleep(3 * IDLE_TIMEOUT_MS); // quiet for longer than the HTTP idle timeout and head deadline
            client.send("still here");
            assertEquals("still here", client.nextText(), "websocket.idleTimeoutSeconds applies, not the HTTP timeouts");
            client.closeBlocking();
        }
    }

    /** Reads whatever the gateway sends (perhaps a 408) until it closes the connection. */
    private static void readUntilClosed(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // discard
            }
        } catch (SocketException reset) {
            // closed by a reset: disconnected all the same
        }
    }

    /** Request threads that are busy: neither idle in the pool nor Jetty's acceptor or selector. */
    private static int busyRequestThreads() {
        return (int) Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("gateway-http"))
                .filter(thread -> Arrays.stream(thread.getValue())
                        .noneMatch(frame -> IDLE.contains(frame.getMethodName())))
                .count();
    }
}
