package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.gateway.support.WsUpstream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must slow the upstream down rather than fill the gateway's memory: the gateway
 * stops reading from the upstream while its sends to the client are not done (each large message; 16 small ones),
 * so what the client does not take stays queued at the upstream, for large messages and small ones alike.
 */
class BackpressureTest {
    private static final long FLOOD_BYTES = 64L * 1024 * 1024;

    @AutoClose
    private final WsUpstream upstream = new WsUpstream();
    @AutoClose
    private final TestBed bed = new TestBed("""
            {"server": {"port": 0}, "rateLimit": {"enabled": false},
             "routes": [{"name": "rec", "prefix": "/rec", "upstreams": ["%s"], "timeoutMs": 60000}]}
            """.formatted(upstream.url()));

    BackpressureTest() throws InterruptedException {}

    private static long queuedAt(WebSocket connection) {
        long total = 0;
        for (ByteBuffer frame : ((WebSocketImpl) connection).outQueue) {
            total += frame.remaining();
        }
        return total;
    }

    @Test
    void aClientThatStopsReadingLeavesTheRestQueuedAtTheUpstream() throws Exception {
        floodAClientThatDoesNotRead(1024 * 1024);
    }

    @Test
    void aClientThatStopsReadingSmallMessagesLeavesTheRestQueuedAtTheUpstream() throws Exception {
        floodAClientThatDoesNotRead(1000); // small enough to be sent on without waiting for each
    }

    /** 64 MiB in messages of this size, to a client that never reads: more than half stays at the upstream. */
    private void floodAClientThatDoesNotRead(int messageBytes) throws Exception {
        try (var client = new Socket("127.0.0.1", bed.port())) {
            client.setReceiveBufferSize(64 * 1024);
            // A WebSocket handshake by hand, after which this client never reads a byte.
            client.getOutputStream().write(("GET /rec/flood HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = RawHttp.readHead(client.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101"), head);

            WebSocket upstreamSide = upstream.connections.poll(10, TimeUnit.SECONDS);
            byte[] message = new byte[messageBytes];
            long messages = FLOOD_BYTES / messageBytes;
            for (long i = 0; i < messages; i++) {
                upstreamSide.send(message);
            }
            long total = messages * messageBytes;
            // The gateway reads some (socket buffers fill), then stops: most of the 64 MiB stays at the upstream.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queuedAt(upstreamSide) < total);
            Awaitility.await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> queuedAt(upstreamSide), queued -> queued > total / 2);
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> queuedAt(upstreamSide) > total / 2);
        }
    }
}
