package course.gateway.support;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

/**
 * A WebSocket upstream that remembers what the gateway sent it: the handshake (path, query, headers), each
 * message, and the close code and reason. It echoes text and accepts the subprotocol "chat.v2" when offered.
 */
public final class WsUpstream extends WebSocketServer implements AutoCloseable {
    public final BlockingQueue<ClientHandshake> handshakes = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    public final BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);

    public WsUpstream() throws InterruptedException {
        super(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("chat.v2"), new Protocol("")))));
        setReuseAddr(true);
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test WebSocket upstream did not start");
        }
    }

    public String url() {
        return "http://127.0.0.1:" + getPort();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        handshakes.add(handshake);
        connections.add(conn);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        closes.add(code + " " + reason);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        conn.send(message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        conn.send(message);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // recorded through onClose
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void close() {
        try {
            stop(2000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the next close the upstream saw. */
    public String nextClose() throws InterruptedException {
        return closes.poll(10, TimeUnit.SECONDS);
    }

}
