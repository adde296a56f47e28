package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's WebSocket to the upstream for one client session, on the shared {@link UpstreamWebSockets}: Jetty
 * calls it as the upstream's handshake answer and messages arrive. What the upstream sends goes to the client by way
 * of {@link ClientDelivery}; what the client sends goes up with {@link UpstreamSender}. A close on either side
 * closes the other (see {@link CloseCodes}). Not auto-demanding: Jetty reads from the upstream only when asked.
 * Public only because Jetty calls it by reflection.
 */
public final class UpstreamSocket implements Session.Listener, JettyUpgradeListener {
    /**
     * How long a connected upstream waits for the client's side of the upgrade to join it. Normally milliseconds;
     * a client that fails its upgrade or leaves mid-way never joins, and nothing else would end this connection.
     * Generous, so a busy machine never cuts a real relay short.
     */
    static final Duration CLIENT_JOIN_LIMIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSocket.class);

    private final CompletableFuture<Session> clientSession = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Duration sendTimeout;
    private final RelaySession session;
    private final Scheduler timers;
    private final ClientDelivery delivery;
    private volatile Session upstream;
    private volatile UpstreamSender sender;
    private volatile String answer;
    private volatile boolean closed;

    /** @param sendTimeout how long one message may wait for the other side to take it */
    UpstreamSocket(Duration sendTimeout, RelaySession session, MessageBudget budget, long maxMessageBytes,
                   Scheduler timers) {
        this.sendTimeout = sendTimeout;
        this.session = session;
        this.timers = timers;
        this.delivery = new ClientDelivery(this, budget, sendTimeout, timers, maxMessageBytes);
    }

    RelaySession session() {
        return session;
    }

    /** The status line the upstream answered the upgrade with ("404 Not Found"), if it answered. */
    String answer() {
        return answer;
    }

    @Override
    public void onHandshakeResponse(Request request, Response response) {
        answer = response.getStatus() + " " + response.getReason();
    }

    @Override
    public void onWebSocketOpen(Session upstream) {
        this.upstream = upstream;
        this.sender = new UpstreamSender(upstream, sendTimeout, this::cutOff);
        delivery.opened(upstream);
        if (clientSession.isCompletedExceptionally()) { // given up while the answer was on its way
            closeUnjoined();
        }
    }

    /** The subprotocol the upstream chose, or null. */
    String chosenSubprotocol() {
        return upstream.getUpgradeResponse().getAcceptedSubProtocol();
    }

    /** Joins this connection to the client's session; what the upstream sends is read from now on. */
    void attach(Session client) {
        if (clientSession.complete(client)) {
            delivery.start(client);
        }
    }

    /** Closes this connection (1001), now or once it opens, unless a client session joins it within {@code limit}. */
    void closeUnlessJoinedWithin(Duration limit) {
        clientSession.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((client, noClient) -> {
            if (noClient != null) {
                closeUnjoined();
            }
        });
    }

    /** No client will join: connecting failed or took too long. */
    void abandon() {
        clientSession.completeExceptionally(new CancellationException("the upgrade was given up"));
    }

    private void closeUnjoined() {
        closeUpstream(CloseCodes.GOING_AWAY, "the client did not complete its upgrade");
    }

    /** Sends the client's messages to the upstream, within the send timeout. */
    UpstreamSender sender() {
        return sender;
    }

    /** An upstream that takes nothing for the send timeout is cut off; it reads nothing, not even a Close frame. */
    private void cutOff() {
        LOG.debug("the upstream took nothing for {} ms: relay closed", sendTimeout.toMillis());
        clientSession.thenAccept(client -> client.close(CloseCodes.GOING_AWAY, "upstream not reading", Callback.NOOP));
        upstream.disconnect();
    }

    /** The client's side closed (with a code already mapped for the upstream): the upstream is closed with it. */
    void close(int code, String reason) {
        closeUpstream(code, reason);
    }

    /** The gateway ends the relay: both sides hear the same code and reason. */
    void closeBoth(int code, String reason) {
        clientSession.thenAccept(client -> client.close(code, reason, Callback.NOOP));
        closeUpstream(code, reason);
    }

    /**
     * Sends the Close frame, then reads on for the upstream's: an upstream that does not answer within the send
     * timeout has its connection ended.
     */
    private void closeUpstream(int code, String reason) {
        Session upstream = this.upstream;
        if (upstream == null || closed || !closing.compareAndSet(false, true)) {
            return;
        }
        upstream.close(code, reason, Callback.NOOP);
        delivery.drain();
        timers.schedule(() -> {
            if (!closed) {
                upstream.disconnect();
            }
        }, sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        // Jetty's own buffer, passed on as it is and given back (callback) once the client's side has written it.
        guarded(() -> delivery.accept(new ClientDelivery.Piece(payload.remaining(), last,
                (client, sent) -> client.sendPartialBinary(payload, last, sent), callback)));
    }

    @Override
    public void onWebSocketPartialText(String payload, boolean last) {
        // Jetty never splits a character between two pieces.
        guarded(() -> delivery.accept(new ClientDelivery.Piece(ClientEndpoint.utf8Length(payload), last,
                (client, sent) -> client.sendPartialText(payload, last, sent), Callback.NOOP)));
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        closed = true;
        clientSession.thenAccept(client -> {
            if (client.isOpen()) {
                client.close(CloseCodes.towardsClient(code), CloseCodes.reason(reason), Callback.NOOP);
            }
        });
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable error) {
        if (error instanceof Error || error.getCause() instanceof Error) {
            failed(error instanceof Error ? error : error.getCause());
        } else if (clientSession.isDone() && !clientSession.isCompletedExceptionally()) {
            // (before a client joins, a failure is the upgrade's 502 and needs no log line)
            LOG.warn("a relayed WebSocket closes after an error on the upstream's side: {}", error.toString());
        }
    }

    /**
     * Runs the relay's own work for the upstream's connection. Anything thrown (an {@link OutOfMemoryError}
     * included) is logged and ends the relay with 1011 and the gateway's own reason, never the exception's text.
     */
    void guarded(Runnable work) {
        try {
            work.run();
        } catch (Throwable failure) {
            failed(failure);
        }
    }

    private void failed(Throwable failure) {
        ClientEndpoint.logIfOutOfMemory(failure);
        if (!(failure instanceof OutOfMemoryError)) {
            LOG.error("the upstream WebSocket connection failed", failure);
        }
        closeBoth(CloseCodes.INTERNAL_ERROR, "gateway error");
    }
}
