package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import course.gateway.errors.ErrorResponses;
import course.gateway.support.TestBed;
import course.gateway.support.WsUpstream;
import course.testkit.RecordingWebSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A client that resets its connection before its upgrade is answered (it crashed, or gave up) makes the gateway's
 * 101 fail to go out. That is the client's doing: the gateway notes it quietly, logs no error with a stack trace,
 * and goes on relaying. (The upstream connection opened for it is closed once no client has joined it in time,
 * see {@link UnjoinedUpstreamTest}.)
 */
class ClientLeavesUpgradeTest {
    @AutoClose
    private final WsUpstream upstream = new WsUpstream();
    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"enabled": false},
             "routes": [{"name": "echo", "prefix": "/echo", "upstreams": ["%s"]}]}
            """.formatted(upstream.url()));

    ClientLeavesUpgradeTest() throws InterruptedException {}

    @Test
    void aClientThatLeavesBeforeItsUpgradeIsAnsweredIsNoErrorOfTheGateway() throws Exception {
        var errors = (Logger) LoggerFactory.getLogger(ErrorResponses.class);
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        errors.addAppender(logged);
        errors.setLevel(Level.DEBUG); // to see the failed upgrade noticed, not only its absence among the errors
        try {
            try (var socket = new Socket("127.0.0.1", bed.port())) {
                socket.getOutputStream().write(("GET /echo/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.setSoLinger(true, 0); // closing resets the connection, as a client that crashed or gave up
            }

            // A guard, not a bound: the wait ends as soon as the 101 has failed to go out.
            Awaitility.await("the failed upgrade noticed").atMost(Duration.ofSeconds(30))
                    .until(() -> List.copyOf(logged.list).stream().anyMatch(line -> line.getFormattedMessage()
                            .contains("the client went away before its answer was written")));
            assertEquals(List.of(), List.copyOf(logged.list).stream().filter(line -> line.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage).toList(), "what the gateway logged as its own errors");
        } finally {
            errors.detachAppender(logged);
            errors.setLevel(null);
        }
        var client = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/echo/ws");
        client.send("still relaying");
        assertEquals("still relaying", client.next());
        client.closeBlocking();
    }
}
