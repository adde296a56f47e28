package course.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.testkit.RecordingWebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The test upstream itself: a frame that Java-WebSocket's server stranded in its queue still goes out. */
class WsUpstreamTest {
    @AutoClose
    private final WsUpstream upstream = new WsUpstream();

    WsUpstreamTest() throws InterruptedException {}

    @Test
    void aFrameQueuedWithNoWriteRequestedStillReachesTheClient() throws Exception {
        var client = RecordingWebSocket.connect("ws://127.0.0.1:" + upstream.getPort() + "/");
        var engine = (WebSocketImpl) upstream.connections.poll(10, TimeUnit.SECONDS);
        Awaitility.await("the 101 written").atMost(Duration.ofSeconds(30))
                .until(() -> (engine.getSelectionKey().interestOps() & SelectionKey.OP_WRITE) == 0);

        // What the library's race leaves behind: a frame in the queue, and the connection interested in reading only.
        byte[] text = "stranded".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer frame = ByteBuffer.allocate(2 + text.length).put((byte) 0x81).put((byte) text.length).put(text);
        engine.outQueue.put(frame.flip());

        assertEquals("stranded", client.next());
        client.closeBlocking();
    }
}
