package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.support.WsUpstream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.junit.jupiter.api.Test;

/**
 * The relay connects to the upstream before the client's upgrade is accepted. A client that then fails its upgrade
 * (or leaves before the 101) never joins, and its upstream connection must not stay open until the upstream happens
 * to hang up.
 */
class UnjoinedUpstreamTest {
    @Test
    void anUpstreamConnectionNoClientJoinsIsClosedWithGoingAway() throws Exception {
        var upstreams = new UpstreamWebSockets(1024 * 1024);
        upstreams.lifeCycle().start();
        try (var upstream = new WsUpstream()) {
            var socket = new UpstreamSocket(Duration.ofSeconds(5), new RelaySession("ws", "127.0.0.1", "request-1"),
                    new MessageBudget(1024 * 1024, Duration.ofSeconds(1), 1), 1024 * 1024, upstreams.timers());
            upstreams.connect(socket, new ClientUpgradeRequest(URI.create("ws://127.0.0.1:" + upstream.getPort())),
                    Duration.ofSeconds(30));

            socket.ends().closeUnlessJoinedWithin(Duration.ofMillis(200)); // and no client ever attaches

            // A guard, not a bound: the close is due after 200 ms, and the wait ends as soon as it is seen.
            String close = upstream.closes.poll(30, TimeUnit.SECONDS);
            assertEquals("1001 the client did not complete its upgrade", close, "what the upstream saw");
            Awaitility.await("the gateway's side closed too").atMost(Duration.ofSeconds(30))
                    .until(() -> upstreams.openConnections() == 0);
        } finally {
            upstreams.lifeCycle().stop();
        }
    }
}
