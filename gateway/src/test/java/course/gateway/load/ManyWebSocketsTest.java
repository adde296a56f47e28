package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load, many WebSockets: 1,000 relayed sessions held open for 60 s (system property {@code load.wsSeconds}),
 * each sending a numbered message every second to Service B's echo through the gateway. Every echo must come
 * back, in order: a message lost on the way up or on the way down would leave a gap in the numbers.
 */
@Tag("slow")
class ManyWebSocketsTest {
    private static final int SESSIONS = 1000;
    private static final int SECONDS = Integer.getInteger("load.wsSeconds", 60);

    @Test
    void aThousandSessionsKeepEveryMessageInOrder() throws Exception {
        try (var bed = new TestBed()) {
            int threadsBefore = Thread.activeCount();
            var http = HttpClient.newHttpClient(); // one selector thread for all 1,000 client sockets
            var sessions = new ArrayList<Numbered>();
            for (int i = 0; i < SESSIONS; i++) {
                var session = new Numbered();
                session.socket = http.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + bed.port() + "/service-b/ws"), session)
                        .get(10, TimeUnit.SECONDS);
                sessions.add(session);
            }
            int threadsOpen = Thread.activeCount();
            long rssOpenKiB = rssKiB();

            for (int second = 1; second <= SECONDS; second++) {
                long roundStart = System.nanoTime();
                for (Numbered session : sessions) {
                    session.sendNext();
                }
                TimeUnit.NANOSECONDS.sleep(Math.max(0, 1_000_000_000L - (System.nanoTime() - roundStart)));
            }
            Awaitility.await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> sessions.stream().allMatch(session -> session.received.get() == SECONDS));

            int gaps = sessions.stream().mapToInt(session -> session.outOfOrder.get()).sum();
            long closed = sessions.stream().filter(session -> session.closed.isDone()).count();
            System.out.printf("%d WebSocket sessions for %d s: %d messages each way, %d out of order or lost,"
                            + " %d closed early; threads in this JVM %d -> %d with the sessions open (gateway's"
                            + " upstream connections: %d threads), RSS of the whole test JVM %d MiB%n",
                    SESSIONS, SECONDS, SESSIONS * SECONDS, gaps, closed, threadsBefore, threadsOpen,
                    upstreamSocketThreads(), rssOpenKiB / 1024);
            assertEquals(0, gaps);
            assertEquals(0, closed, "no session closed while held");
            assertEquals(SESSIONS, activeSessions(bed), "the gateway relays them all");

            var closing = new ArrayList<CompletableFuture<WebSocket>>();
            sessions.forEach(session -> closing.add(session.socket.sendClose(1000, "done")));
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> activeSessions(bed) == 0);
        }
    }

    /** A client session that numbers what it sends and checks that the echoes come back 1, 2, 3, ... */
    private static final class Numbered implements WebSocket.Listener {
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile WebSocket socket;
        private int sent;
        private final StringBuilder partial = new StringBuilder();

        void sendNext() {
            socket.sendText("message " + ++sent, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                int expected = received.get() + 1;
                if (!partial.toString().equals("message " + expected)) {
                    outOfOrder.incrementAndGet();
                }
                partial.setLength(0);
                received.incrementAndGet();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    private static int activeSessions(TestBed bed) throws Exception {
        return (int) bed.stat("activeWebSockets");
    }

    /** The threads of the gateway's shared upstream WebSocket client (its pool and its timer), for all sessions. */
    private static long upstreamSocketThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("upstream-websockets")).count();
    }

    private static long rssKiB() throws Exception {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        return status.stream().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }
}
