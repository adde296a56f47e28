package course.gateway.support;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A WebSocket client that queues what it receives (text as String, binary as byte[]) so a test can wait for each
 * message in order, and records how the socket closed ("code reason") or why the handshake failed.
 */
public final class WsClient extends WebSocketClient {
    public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    public final CompletableFuture<String> closed = new CompletableFuture<>();
    public volatile ServerHandshake handshake;

    public WsClient(String uri) {
        this(uri, new Draft_6455(), Map.of());
    }

    public WsClient(String uri, Draft draft, Map<String, String> headers) {
        super(URI.create(uri), draft, headers, 10_000);
    }

    /** Connects, or fails the test when the handshake does not complete in 10 s. */
    public static WsClient connect(String uri) throws InterruptedException {
        var client = new WsClient(uri);
        if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
            throw new AssertionError("WebSocket handshake with " + uri + " failed: " + client.closed.getNow("?"));
        }
        return client;
    }

    /** The next message, waiting up to 10 s; null if none came. */
    public Object next() throws InterruptedException {
        return received.poll(10, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        this.handshake = handshake;
    }

    @Override
    public void onMessage(String message) {
        received.add(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        received.add(copy);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closed.complete(code + " " + reason);
    }

    @Override
    public void onError(Exception ex) {
        closed.complete("error " + ex);
    }
}
