package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The bulkhead under a burst, judged by the order of events rather than by latency, so that a busy machine cannot
 * fail it ({@link SlowUpstreamLoadTest}, tagged slow, measures the latencies). 500 requests go at once to a route
 * whose upstream holds every request until the test lets it answer. With the default limits the route may hold 200
 * request threads: the 300 others are answered 503 while those 200 are still held (so they never waited for the
 * upstream), a fast route is answered meanwhile, and once the upstream answers, the 200 get their 200.
 */
class SlowRouteProgressTest {
    private static final int BURST = 500;
    /** Half of the default {@code server.maxThreads} (400). */
    private static final int ROUTE_LIMIT = 200;
    /** A guard against a hang, never reached when things work: each wait ends on an event, not on time. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    @Test
    void overItsShareARouteIs503AtOnceWhileTheOthersKeepAnswering() throws Exception {
        try (var upstream = new HeldUpstream();
             var bed = new TestBed("""
                     {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                      "routes": [
                        {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 5000},
                        {"name": "slow", "prefix": "/slow", "upstreams": ["%s"], "timeoutMs": 120000}]}
                     """.formatted(upstream.url()))) {
            var client = HttpClient.newBuilder().connectTimeout(GUARD).build();
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(client.sendAsync(HttpRequest.newBuilder(URI.create(bed.url("/slow/" + i))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Awaitility.await().atMost(GUARD).until(() -> upstream.held.get() == ROUTE_LIMIT);
            Awaitility.await().atMost(GUARD).until(() -> burst.stream().filter(CompletableFuture::isDone).count()
                    == BURST - ROUTE_LIMIT);
            assertEquals(ROUTE_LIMIT, upstream.held.get(), "the upstream still holds its share");
            for (var answered : burst.stream().filter(CompletableFuture::isDone).toList()) {
                assertEquals(503, answered.get().statusCode(), answered.get().body());
                assertTrue(answered.get().body().contains("\"status\":503"), answered.get().body());
            }
            for (int i = 1; i <= 20; i++) {
                try (Response response = bed.get("/service-a/items/" + i)) {
                    assertEquals(200, response.code(), "the fast route answers while the slow one is full");
                }
            }
            assertEquals(ROUTE_LIMIT, upstream.held.get(), "(and they were answered while it was)");

            upstream.answer.countDown();
            int ok = 0;
            for (var request : burst) {
                if (request.get().statusCode() == 200) {
                    ok++;
                }
            }
            assertEquals(ROUTE_LIMIT, ok, "the route's share was answered by the upstream");
            assertEquals(ROUTE_LIMIT, upstream.mostHeld.get(), "the route never held more than its share");
        }
    }

    /** An upstream that reads each request head and then waits, answering all once {@link #answer} opens. */
    private static final class HeldUpstream implements AutoCloseable {
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger mostHeld = new AtomicInteger();
        final CountDownLatch answer = new CountDownLatch(1);
        private final ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());

        HeldUpstream() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread hold = new Thread(() -> hold(socket), "held-upstream-connection");
                        hold.setDaemon(true);
                        hold.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "held-upstream");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void hold(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                for (int matched = 0, b; matched < 4 && (b = in.read()) != -1; ) {
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                answer.await();
                held.decrementAndGet();
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"
                        + "held").getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException | InterruptedException gone) {
                // the gateway gave up on this request
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            answer.countDown();
            server.close();
        }
    }
}
