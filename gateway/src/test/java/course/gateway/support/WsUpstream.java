package course.gateway.support;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

/**
 * A WebSocket upstream that remembers what the gateway sent it: the handshake (path, query, headers), each
 * message, and the close code and reason. It echoes every message and accepts the subprotocol "chat.v2" when
 * offered.
 *
 * <p>Java-WebSocket's server can strand a frame it was asked to send. Its selector thread, having written all that
 * was queued on a connection, sets the connection's interest back to reading only; a frame queued by another thread
 * in between (the echo, which its worker thread sends, or a test's own send) has then lost its request to be written
 * and waits in the queue until something else is sent on that connection. On a busy machine that happened about
 * once in a few hundred runs, and a test failed as if the gateway had lost a message. So this upstream looks every
 * few milliseconds for a connection with frames queued and no write requested, and requests it again.
 */
public final class WsUpstream extends WebSocketServer implements AutoCloseable {
    public final BlockingQueue<ClientHandshake> handshakes = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    public final BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final ScheduledExecutorService writeWatch = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "ws-upstream-write-watch");
        thread.setDaemon(true);
        return thread;
    });

    public WsUpstream() throws InterruptedException {
        super(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("chat.v2"), new Protocol("")))));
        setReuseAddr(true);
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test WebSocket upstream did not start");
        }
        writeWatch.scheduleWithFixedDelay(this::requestStrandedWrites, 10, 10, TimeUnit.MILLISECONDS);
    }

    /** Requests the write again for every connection whose queued frames no write is requested for (see above). */
    private void requestStrandedWrites() {
        for (WebSocket connection : getConnections()) {
            var engine = (WebSocketImpl) connection;
            SelectionKey key = engine.getSelectionKey();
            try {
                if (!engine.outQueue.isEmpty() && key != null && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
                    onWriteDemand(engine); // what the library's own send does; a second request is harmless
                }
            } catch (CancelledKeyException closed) {
                // the connection is closing: nothing more will be written on it
            }
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
        writeWatch.shutdownNow();
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
