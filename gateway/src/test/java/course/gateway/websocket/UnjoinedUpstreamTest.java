package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.WsUpstream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.java_websocket.drafts.Draft_6455;
import org.junit.jupiter.api.Test;

/**
 * The relay connects to the upstream before the client's upgrade is accepted. A client that then fails its upgrade
 * (or leaves before the 101) never joins, and its upstream connection, with its two threads, must not stay open
 * until the upstream happens to hang up.
 */
class UnjoinedUpstreamTest {
    @Test
    void anUpstreamConnectionNoClientJoinsIsClosedWithGoingAway() throws Exception {
        try (var upstream = new WsUpstream()) {
            var socket = new UpstreamSocket(URI.create("ws://127.0.0.1:" + upstream.getPort()), new Draft_6455(), Map.of(),
                    Duration.ofSeconds(5), new RelaySession("ws", "127.0.0.1", "request-1"));
            assertTrue(socket.connectBlocking(30, TimeUnit.SECONDS), "connected to the upstream");

            socket.closeUnlessJoinedWithin(Duration.ofMillis(200)); // and no client ever attaches

            // A guard, not a bound: the close is due after 200 ms, and the wait ends as soon as it is seen.
            String close = upstream.closes.poll(30, TimeUnit.SECONDS);
            assertEquals("1001 the client did not complete its upgrade", close, "what the upstream saw");
            // Java-WebSocket marks its side closing only after the Close frame is queued, so the upstream can see it
            // first: wait for the state (a guard, ended as soon as it holds).
            Awaitility.await("the gateway's side closed too").atMost(Duration.ofSeconds(30))
                    .until(() -> socket.isClosed() || socket.isClosing());
        }
    }
}
