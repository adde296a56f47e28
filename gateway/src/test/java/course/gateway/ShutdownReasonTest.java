package course.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.support.GatewayProcess;
import course.gateway.support.TestBed;
import course.serviceb.ServiceB;
import course.testkit.RecordingWebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopping gateway tells its WebSocket clients why: 1001 with "gateway shutting down". Jetty's connector, when it
 * stops accepting, cuts every connection that has been idle for longer than its shutdown idle timeout (the server's
 * idle timeout, at most a second), and a quiet WebSocket used to hear that instead: 1001 "Connection Idle Timeout".
 * The sockets here stay quiet for longer than that second before the stop, which is what it takes.
 */
class ShutdownReasonTest {
    private static final String GOING_AWAY = "1001 gateway shutting down";
    private static final long QUIET_MS = 1500; // longer than the second after which Jetty cuts a quiet connection

    @TempDir
    Path dir;

    @Test
    void aQuietWebSocketHearsThatTheGatewayIsShuttingDown() throws Exception {
        try (var bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false},
                 "routes": [{"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"]}]}
                """)) {
            var client = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/service-b/ws");
            Thread.sleep(QUIET_MS); // the socket's quiet time is the point of the test, not a wait for an outcome
            bed.gateway().shutdown(Duration.ofSeconds(10));
            assertEquals(GOING_AWAY, client.waitingAtMost(Duration.ofSeconds(10)).awaitClose());
        }
    }

    @Test
    void sigtermClosesWebSocketsWithTheReasonAndExitsZero() throws Exception {
        var serviceB = ServiceB.start("127.0.0.1", 0);
        try (var gateway = GatewayProcess.start(dir, """
                {"server": {"port": 0}, "rateLimit": {"enabled": false},
                 "routes": [{"name": "service-b", "prefix": "/service-b", "upstreams": ["http://127.0.0.1:%d"]}]}
                """.formatted(serviceB.port()), List.of())) {
            var client = RecordingWebSocket.connect("ws://127.0.0.1:" + gateway.port() + "/service-b/ws");
            client.send("still there?");
            assertEquals("still there?", client.next());
            Thread.sleep(QUIET_MS);
            assertEquals(0, gateway.terminate(30), gateway.output());
            assertEquals(GOING_AWAY, client.waitingAtMost(Duration.ofSeconds(10)).awaitClose());
        } finally {
            serviceB.stop();
        }
    }
}
