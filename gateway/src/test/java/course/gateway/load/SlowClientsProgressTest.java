package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.gateway.support.UnfinishedHeads;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
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

    private static void assertServed(TestBed bed) throws IOException {
        try (Response response = bed.get("/service-a/items/1")) {
            assertEquals(200, response.code(), "served while slow clients hold connections");
        }
    }

    @Test
    void silentClientsAreDisconnectedAndOthersServedMeanwhile() throws Exception {
        try (var bed = UnfinishedHeads.gateway("\"idleTimeoutMs\": 1000")) {
            List<Socket> silent = UnfinishedHeads.open(bed, CLIENTS);
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
        try (var bed = UnfinishedHeads.gateway(
                "\"idleTimeoutMs\": " + GUARD_MS + ", \"requestHeadTimeoutMs\": 1000")) {
            List<Socket> open = UnfinishedHeads.open(bed, CLIENTS);
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
