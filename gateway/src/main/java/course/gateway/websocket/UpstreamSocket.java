package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;
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
 * calls it as the upstream answers the opening handshake and as its messages arrive. What the upstream sends goes to
 * the client by way of {@link ClientDelivery}; what the client sends goes up with {@link UpstreamSender}; how the
 * two sides end together is {@link RelayEnds}'. Not auto-demanding: Jetty reads from the upstream only when asked.
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

    private final Duration sendTimeout;
    private final RelaySession session;
    private final ClientDelivery delivery;
    private final RelayEnds ends;
    private volatile Session upstream;
    private volatile UpstreamSender sender;
    private volatile String answer;

    /** @param sendTimeout how long one message may wait for the other side to take it (and a Close for its answer) */
    UpstreamSocket(Duration sendTimeout, RelaySession session, MessageBudget budget, long maxMessageBytes,
                   Scheduler timers) {
        this.sendTimeout = sendTimeout;
        this.session = session;
        this.delivery = new ClientDelivery(this, budget, sendTimeout, timers, maxMessageBytes);
        this.ends = new RelayEnds(sendTimeout, timers, delivery::drain);
    }

    RelaySession session() {
        return session;
    }

    RelayEnds ends() {
        return ends;
    }

    /** The status line the upstream answered the upgrade with ("404 Not Found"), if it answered. */
    String answer() {
        return answer;
    }

    /** The subprotocol the upstream chose, or null. */
    String chosenSubprotocol() {
        return upstream.getUpgradeResponse().getAcceptedSubProtocol();
    }

    /** Sends the client's messages to the upstream, within the send timeout. */
    UpstreamSender sender() {
        return sender;
    }

    /** Joins this connection to the client's session; what the upstream sends is read from now on. */
    void attach(Session client) {
        if (ends.join(client)) {
            delivery.start(client);
        }
    }

    @Override
    public void onHandshakeResponse(Request request, Response response) {
        answer = response.getStatus() + " " + response.getReason();
    }

    @Override
    public void onWebSocketOpen(Session upstream) {
        this.upstream = upstream;
        this.sender = new UpstreamSender(upstream, sendTimeout, () -> {
            LOG.debug("the upstream took nothing for {} ms: relay closed", sendTimeout.toMillis());
            ends.cutOffUpstream("upstream not reading");
        });
        delivery.opened(upstream);
        ends.upstreamOpened(upstream);
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
        ends.upstreamClosed(code, reason);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable error) {
        if (error instanceof Error || error.getCause() instanceof Error) {
            failed(error instanceof Error ? error : error.getCause());
        } else if (ends.joined()) { // before that, a failure is the upgrade's 502 and needs no log line
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
        ends.closeBoth(CloseCodes.INTERNAL_ERROR, "gateway error");
    }
}
