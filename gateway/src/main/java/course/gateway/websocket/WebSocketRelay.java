package course.gateway.websocket;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import course.gateway.routes.Route;
import course.gateway.routing.UpstreamPicker;
import course.gateway.routing.UpstreamPicker.Attempt;
import course.gateway.routing.UpstreamPicker.Outcome;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
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
        // step:4-websocket begin connect
        return (ctx, next) -> {
            RequestFacts facts = RequestFacts.of(ctx);
            Route route = facts.route();
            Attempt attempt = picker.pick(ctx, route);
            HttpUrl upstream = attempt.url();
            facts.setUpstream(route.upstreamName(upstream));
            var socket = new UpstreamSocket(route.timeout(),
                    new RelaySession(route.name(), facts.client(), facts.requestId()), budget, maxMessageBytes,
                    upstreams.timers());
            try {
                upstreams.connect(socket, UpstreamHandshake.request(ctx, route, upstream, strippedHeaders),
                        route.timeout());
            } catch (IOException | ExecutionException | TimeoutException failed) {
                socket.ends().abandon();
                var failure = new UpstreamFailure(failed instanceof ExecutionException ? failed.getCause() : failed,
                        socket.answer());
                attempt.report(failure.outcome());
                throw failure.response(route);
            }
            attempt.report(Outcome.SUCCESS);
            socket.ends().closeUnlessJoinedWithin(UpstreamSocket.CLIENT_JOIN_LIMIT); // the client may never finish
            UpstreamHandshake.passChosenSubprotocol(ctx, socket);
            ctx.attribute(UPSTREAM, socket);
            next.proceed();
        };
        // step:4-websocket end
    }

    /** The handlers of a relayed session, for {@code config.routes.ws(...)}. */
    public void handlers(WsConfig ws) {
        // step:4-websocket begin handlers
        ws.onConnect(ctx -> {
            sessions.add(ctx.session);
            listener.opened(upstream(ctx).session());
            upstream(ctx).attach(ctx.session);
        });
        ws.onMessage(ctx -> {
            upstream(ctx).session().countFromClient(); // counted before it can arrive
            upstream(ctx).sender().send(ctx.message());
        });
        ws.onBinaryMessage(ctx -> {
            // The message's own buffer, which ClientEndpoint assembled (not Jetty's, which is reused): passed on as
            // it is, each piece masked into a buffer of Jetty's as it is sent.
            ByteBuffer data = ctx.data();
            upstream(ctx).session().countFromClient();
            upstream(ctx).sender().send(data);
        });
        ws.onClose(ctx -> {
            int code = CloseCodes.towardsUpstream(ctx.status());
            upstream(ctx).ends().closeUpstream(code, CloseCodes.reason(ctx.reason()));
            sessions.remove(ctx.session);
            listener.closed(upstream(ctx).session(), ctx.status());
        });
        // step:4-websocket end
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

    // step:4-websocket begin helpers

    /**
     * The relay's own state (the upstream connection) passes from the upgrade request to the session's handlers
     * under this key, private to this class; what other steps need is in the request's facts.
     */
    private static final String UPSTREAM = UpstreamSocket.class.getName();

    private static UpstreamSocket upstream(WsContext ctx) {
        return ctx.attribute(UPSTREAM);
    }

    // step:4-websocket end
}
