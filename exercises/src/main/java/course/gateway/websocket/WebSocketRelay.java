package course.gateway.websocket;

import course.gateway.pipeline.Step;
import course.gateway.routing.UpstreamPicker;
import io.javalin.websocket.WsConfig;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Step 4, the WebSocket relay. The upgrade request goes through its own short pipeline (route, auth, rate
 * limit); its last step, {@link #connect()}, opens the upstream WebSocket first, so that a client whose upstream
 * cannot be reached gets a plain HTTP error (502, or 504 after the route timeout) instead of a socket that dies.
 * The upstream is chosen like a proxied request's ({@link UpstreamPicker}), so with Bonus C an upgrade to an
 * upstream whose circuit is open gets 503 at once, and a failed connection counts towards opening it.
 * After the upgrade, messages flow both ways in order, and a close on either side closes the other with the same
 * code and reason (see {@link CloseCodes} for the codes that must be mapped).
 */
public final class WebSocketRelay {
    private final UpstreamPicker picker;
    private final int maxMessageBytes;
    private final Set<String> strippedHeaders;
    private final SessionListener listener;
    private final MessageBudget budget;
    private final UpstreamWebSockets upstreams;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet(); // the clients' side of each relay

    /** Hears when relayed sessions open and close (the request log does). */
    public interface SessionListener {
        void opened(RelaySession session);

        /** @param closeCode the close code the client's side of the relay saw */
        void closed(RelaySession session, int closeCode);

        /** This listener, then {@code other}: both hear every session. */
        default SessionListener and(SessionListener other) {
            SessionListener first = this;
            return new SessionListener() {
                @Override
                public void opened(RelaySession session) {
                    first.opened(session);
                    other.opened(session);
                }

                @Override
                public void closed(RelaySession session, int closeCode) {
                    first.closed(session, closeCode);
                    other.closed(session, closeCode);
                }
            };
        }
    }

    /**
     * @param picker          chooses the upstream (and, with Bonus C, hears whether connecting worked)
     * @param strippedHeaders lower-case names of request headers that never go upstream
     * @param budget          what every relay's messages may hold at once (shared with {@link #install})
     */
    public WebSocketRelay(UpstreamPicker picker, int maxMessageBytes, Set<String> strippedHeaders,
                          SessionListener listener, MessageBudget budget) {
        this.picker = picker;
        this.maxMessageBytes = maxMessageBytes;
        this.strippedHeaders = strippedHeaders;
        this.listener = listener;
        this.budget = budget;
        this.upstreams = new UpstreamWebSockets(maxMessageBytes);
    }

    /**
     * For {@code modifyWebSocketServletFactory}: the client's side of every relay takes its messages in pieces,
     * within the budget ({@link ClientEndpoint}), rather than Jetty assembling each whole message first.
     */
    public void install(JettyWebSocketServletFactory factory) {
        ClientEndpoint.install(factory, budget, maxMessageBytes);
    }

    /** For {@code modifyServer}: the upstream connections' shared client starts and stops with the server. */
    public void manageWith(Server server) {
        server.addBean(upstreams.lifeCycle());
    }

    /** Message bytes all relays hold now, at most {@code websocket.maxBytesInFlight}. */
    public long bytesInFlight() {
        return budget.inUse();
    }

    /** Sessions relayed right now. */
    public int activeSessions() {
        return sessions.size();
    }

    /** The last step of the upgrade pipeline: connect to the upstream before the client's upgrade is accepted. */
    public Step connect() {
        // TODO(step 4): the last step of the upgrade pipeline, run while the client still waits for its answer. Open
        //   this session's own WebSocket to one of the route's upstreams (chosen by the picker, as Step 1's proxy
        //   does), through the shared client in upstreams, and only once it is open let the upgrade go ahead, telling
        //   the client the subprotocol the upstream chose. If it is not open within the route's timeout, the client
        //   gets a plain HTTP error instead (the given UpstreamFailure picks 502 or 504). Either way the picker's
        //   attempt hears how it went, and the request's facts name the upstream. The handlers below must be able to
        //   find this session's upstream connection. See exercises/steps/4-websocket.md, "Connect first".
        return (ctx, next) -> {
            throw new io.javalin.http.NotImplementedResponse("Step 4 (WebSocket relay) is not done yet:"
                    + " WebSocketRelay.connect. See exercises/steps/4-websocket.md");
        };
    }

    /** The handlers of a relayed session, for {@code config.routes.ws(...)}. */
    public void handlers(WsConfig ws) {
        // TODO(step 4): the client's half of each relayed session. When it opens: join it to its upstream
        //   connection, keep it in sessions (the count and the shutdown read it) and tell the listener. Each text or
        //   binary message from the client goes on to the upstream as the same kind, in order, counted in the
        //   RelaySession, without piling up in memory while the upstream is slow to take it. When it closes: close the
        //   upstream with the same code and reason (mapped where needed), forget the session and tell the listener.
        //   The upstream's messages are read only once the client's session has joined its upstream connection.
        //   See exercises/steps/4-websocket.md, "The client's half" and "Pumping without piling up".
    }

    /**
     * Closes every relayed session with 1001 (going away) and the reason, waiting up to a second for the Close
     * frames to be sent; each upstream is then closed by the session's own close handler.
     */
    public void closeAll() {
        String reason = "gateway shutting down";
        var closing = new ArrayList<Callback.Completable>();
        for (Session session : sessions) {
            var done = new Callback.Completable();
            session.close(CloseCodes.GOING_AWAY, reason, done);
            closing.add(done);
        }
        for (Callback.Completable done : closing) {
            try {
                done.get(1, TimeUnit.SECONDS);
            } catch (Exception tooSlowOrGone) {
                // the connection is going away either way
            }
        }
    }

}
