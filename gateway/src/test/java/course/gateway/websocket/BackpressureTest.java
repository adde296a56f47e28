package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import course.gateway.support.WsUpstream;
import java.io.InputStream;
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
 * waits for each message to reach the client before reading the next one from the upstream, so what the client
 * does not take stays queued at the upstream.
 */
class BackpressureTest {
    private static final int MESSAGES = 64;
    private static final int MESSAGE_BYTES = 1024 * 1024;

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
        try (var client = new Socket("127.0.0.1", bed.port())) {
            client.setReceiveBufferSize(64 * 1024);
            // A WebSocket handshake by hand, after which this client never reads a byte.
            client.getOutputStream().write(("GET /rec/flood HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            var head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());

            WebSocket upstreamSide = upstream.connections.poll(10, TimeUnit.SECONDS);
            byte[] message = new byte[MESSAGE_BYTES];
            for (int i = 0; i < MESSAGES; i++) {
                upstreamSide.send(message);
            }
            long total = (long) MESSAGES * MESSAGE_BYTES;
            // The gateway reads some (socket buffers fill), then stops: most of the 64 MiB stays at the upstream.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queuedAt(upstreamSide) < total);
            Awaitility.await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> queuedAt(upstreamSide), queued -> queued > total / 2);
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> queuedAt(upstreamSide) > total / 2);
        }
    }
}
