package course.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A graceful stop: nothing new gets in, what is in flight gets out, WebSockets hear 1001. */
class ShutdownTest {
    @AutoClose
    private final TestBed bed = new TestBed();

    @Test
    void requestsInFlightFinishNewConnectionsAreRefusedAndWebSocketsGet1001() throws Exception {
        int port = bed.port(); // once the listening socket is closed, the gateway no longer reports it
        var slow = CompletableFuture.supplyAsync(() -> {
            try (Response response = bed.get("/service-a/slow?ms=1500")) {
                return response.code() + " " + response.body().string();
            } catch (IOException failed) {
                return "failed: " + failed;
            }
        });
        var socket = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/service-b/ws");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bed.gateway().inFlightRequests() >= 1);

        var stopping = CompletableFuture.supplyAsync(() -> {
            try {
                return bed.gateway().shutdown(Duration.ofSeconds(10));
            } catch (InterruptedException interrupted) {
                throw new IllegalStateException(interrupted);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(),
                        "a stopping gateway accepts no new connection"));

        assertEquals("200 {\"sleptMs\":1500}", slow.get(10, TimeUnit.SECONDS), "the request in flight finished");
        assertTrue(stopping.get(10, TimeUnit.SECONDS), "shutdown reports that everything finished in time");
        assertTrue(socket.awaitClose().startsWith("1001"), socket.closeOutcome());
    }

    @Test
    void aRequestLongerThanTheGracePeriodDoesNotHoldTheStopForever() throws Exception {
        var slow = CompletableFuture.runAsync(() -> {
            // Far longer than the grace period, so that it is surely still in flight when the stop begins, however
            // busy the machine: the stop cuts it off, so the test does not wait for it.
            try (Response response = bed.get("/service-a/slow?ms=20000")) {
                response.body().string();
            } catch (IOException expected) {
                // cut off by the stop
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bed.gateway().inFlightRequests() >= 1);
        assertTrue(!bed.gateway().shutdown(Duration.ofMillis(200)), "the grace period ran out first");
        slow.get(10, TimeUnit.SECONDS);
    }
}
