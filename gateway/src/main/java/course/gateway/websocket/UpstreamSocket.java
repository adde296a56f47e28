package course.gateway.websocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connection to the upstream for one client session (a Java-WebSocket client). Messages from the
 * upstream are passed to the client's Jetty session one at a time, each send awaited: while the client is slow to
 * take them, this connection's reader waits too, so the upstream is slowed by TCP instead of the gateway
 * buffering without bound. Sending towards the upstream waits likewise while more than {@link #HIGH_WATER_BYTES}
 * are queued for it.
 */
final class UpstreamSocket extends WebSocketClient {
    static final int HIGH_WATER_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSocket.class);

    private final CompletableFuture<Session> clientSession = new CompletableFuture<>();
    private final Clock clock;
    private final Duration sendTimeout;
    private volatile RelaySession stats;
    private volatile Exception failure;

    /** @param sendTimeout how long one message may wait for the other side to take it */
    UpstreamSocket(URI uri, Draft draft, Map<String, String> headers, Clock clock, Duration sendTimeout) {
        super(uri, UpstreamDraft.of(draft), headers, (int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
        this.clock = clock;
        this.sendTimeout = sendTimeout;
        setTcpNoDelay(true);
        // Java-WebSocket would start a ping timer thread per connection to notice a dead peer; the client-facing
        // Jetty session's idle timeout already ends a dead relay (and closes this side), so 1,000 relays keep
        // 1,000 threads fewer.
        setConnectionLostTimeout(0);
    }

    /** Joins this connection to the client's session; a message that arrived first is then delivered. */
    void attach(Session client, RelaySession stats) {
        this.stats = stats;
        clientSession.complete(client);
    }

    /** Why connecting failed, if it did (null after a plain timeout). */
    Exception failure() {
        return failure;
    }

    /** The status line the upstream answered the upgrade with instead of 101, if it did. */
    String refusal() {
        return ((UpstreamDraft) getDraft()).notes().refusal;
    }

    /** Sends towards the upstream, then waits while too much is queued for it (the client's backpressure). */
    void sendWithBackpressure(Runnable send) throws InterruptedException {
        send.run();
        long deadline = clock.millis() + sendTimeout.toMillis();
        while (isOpen() && queuedBytes() > HIGH_WATER_BYTES && clock.millis() < deadline) {
            Thread.sleep(1);
        }
    }

    private long queuedBytes() {
        long total = 0;
        for (ByteBuffer frame : ((org.java_websocket.WebSocketImpl) getConnection()).outQueue) {
            total += frame.remaining();
        }
        return total;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        // Nothing to do until the client's side of the upgrade completes and attach() is called.
    }

    @Override
    public void onMessage(String message) {
        // step:4-websocket begin onText
        deliver(session -> Callback.Completable.with(done -> session.sendText(message, done)));
        // step:4-websocket end
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        // step:4-websocket begin onBinary
        deliver(session -> Callback.Completable.with(done -> session.sendBinary(bytes, done)));
        // step:4-websocket end
    }

    private void deliver(Function<Session, CompletableFuture<Void>> send) {
        try {
            Session session = clientSession.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!session.isOpen()) {
                return;
            }
            stats.countFromUpstream(); // counted before it can arrive, so a close right after sees it counted
            send.apply(session).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (Exception clientStuckOrGone) {
            LOG.debug("could not pass a message to the client: {}", clientStuckOrGone.toString());
            close(CloseCodes.GOING_AWAY, "client not reading");
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        // step:4-websocket begin onClose
        clientSession.thenAccept(session -> {
            if (session.isOpen()) {
                session.close(CloseCodes.towardsClient(code), CloseCodes.reason(reason), Callback.NOOP);
            }
        });
        // step:4-websocket end
    }

    @Override
    public void onError(Exception error) {
        failure = error;
    }
}
