package course.gateway.websocket;

import course.gateway.observability.RequestId;
import course.gateway.pipeline.Step;
import course.gateway.ratelimit.ClientAddress;
import course.gateway.routing.ProxyStep;
import course.gateway.routing.Route;
import course.gateway.routing.UpstreamRequests;
import io.javalin.http.BadGatewayResponse;
import io.javalin.http.Context;
import io.javalin.http.GatewayTimeoutResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * Step 4, the WebSocket relay. The upgrade request goes through its own short pipeline (route, auth, rate
 * limit); its last step, {@link #connect()}, opens the upstream WebSocket first, so that a client whose upstream
 * cannot be reached gets a plain HTTP error (502, or 504 after the route timeout) instead of a socket that dies.
 * After the upgrade, messages flow both ways in order, and a close on either side closes the other with the same
 * code and reason (see {@link CloseCodes} for the codes that must be mapped).
 */
public final class WebSocketRelay {
    private static final String UPSTREAM = "gateway.wsUpstream";
    private static final String SESSION = "gateway.wsSession";
    /** Upgrade headers the WebSocket client library writes itself. */
    private static final Set<String> HANDSHAKE_HEADERS = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "accept-encoding");

    private final Clock clock;
    private final int maxMessageBytes;
    private final Set<String> strippedHeaders;
    private final ClientAddress clients;
    private final SessionListener listener;
    private final MessageBudget budget;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet(); // the clients' side of each relay

    /** Hears when relayed sessions open and close (the request log does). */
    public interface SessionListener {
        void opened(RelaySession session);

        /** @param closeCode the close code the client's side of the relay saw */
        void closed(RelaySession session, int closeCode);
    }

    /** @param budget what every relay's messages may hold at once (shared with {@link #install}) */
    public WebSocketRelay(Clock clock, int maxMessageBytes, Set<String> strippedHeaders, ClientAddress clients,
                          SessionListener listener, MessageBudget budget) {
        this.clock = clock;
        this.budget = budget;
        this.maxMessageBytes = maxMessageBytes;
        this.strippedHeaders = strippedHeaders;
        this.clients = clients;
        this.listener = listener;
    }

    /**
     * For {@code modifyWebSocketServletFactory}: the client's side of every relay takes its messages in pieces, within
     * the budget ({@link ClientEndpoint}), rather than Jetty assembling each whole message first.
     */
    public void install(JettyWebSocketServletFactory factory) {
        ClientEndpoint.install(factory, budget, maxMessageBytes);
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
            Route route = Route.of(ctx);
            HttpUrl upstream = route.nextUpstream();
            List<String> offered = offeredSubprotocols(ctx);
            var socket = new UpstreamSocket(webSocketUri(ctx, route, upstream),
                    new Draft_6455(List.of(), protocols(offered), maxMessageBytes), handshakeHeaders(ctx), clock,
                    route.timeout());
            if (!socket.connectBlocking(route.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                socket.close();
                throw failure(socket, route);
            }
            // Answer the client with the subprotocol the upstream chose, or with none if it chose none.
            String chosen = socket.getProtocol() == null ? "" : socket.getProtocol().getProvidedProtocol();
            ctx.res().setHeader("Sec-WebSocket-Protocol", chosen.isEmpty() ? null : chosen);
            ctx.attribute(UPSTREAM, socket);
            ctx.attribute(ProxyStep.UPSTREAM, route.upstreamName(upstream));
            ctx.attribute(SESSION, new RelaySession(route.name(), clients.of(ctx), RequestId.of(ctx), clock.millis()));
            next.proceed();
        };
        // step:4-websocket end
    }

    /** The handlers of a relayed session, for {@code config.routes.ws(...)}. */
    public void handlers(WsConfig ws) {
        // step:4-websocket begin handlers
        ws.onConnect(ctx -> {
            sessions.add(ctx.session);
            RelaySession session = ctx.attribute(SESSION);
            listener.opened(session);
            upstream(ctx).attach(ctx.session, session);
        });
        ws.onMessage(ctx -> {
            String text = ctx.message();
            sendUpstream(ctx, () -> upstream(ctx).send(text));
        });
        ws.onBinaryMessage(ctx -> {
            ByteBuffer data = ctx.data();
            byte[] copy = new byte[data.remaining()]; // Jetty reuses its buffer once this handler returns
            data.get(copy);
            sendUpstream(ctx, () -> upstream(ctx).send(copy));
        });
        ws.onClose(ctx -> {
            upstream(ctx).close(CloseCodes.towardsUpstream(ctx.status()), CloseCodes.reason(ctx.reason()));
            sessions.remove(ctx.session);
            listener.closed(ctx.attribute(SESSION), ctx.status());
        });
        // step:4-websocket end
    }

    /**
     * Closes every relayed session with 1001 (going away) and the reason, waiting up to a second for the Close
     * frames to be sent; each upstream is then closed by the session's own close handler.
     */
    public void closeAll(String reason) {
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

    private void sendUpstream(WsContext ctx, Runnable send) throws InterruptedException {
        try {
            ((RelaySession) ctx.attribute(SESSION)).countFromClient(); // counted before it can arrive
            upstream(ctx).sendWithBackpressure(send);
        } catch (WebsocketNotConnectedException upstreamGone) {
            // The upstream closed meanwhile; its close is already on its way to the client.
        }
    }

    private UpstreamSocket upstream(WsContext ctx) {
        UpstreamSocket socket = ctx.attribute(UPSTREAM);
        socket.shareBudget(budget); // from the first call on (onConnect), what the upstream sends is budgeted too
        return socket;
    }

    private static URI webSocketUri(Context ctx, Route route, HttpUrl upstream) {
        String scheme = upstream.isHttps() ? "wss" : "ws";
        String query = ctx.req().getQueryString();
        return URI.create(scheme + "://" + upstream.host() + ":" + upstream.port()
                + route.upstreamPath(upstream, ctx.req().getRequestURI()) + (query == null ? "" : "?" + query));
    }

    private Map<String, String> handshakeHeaders(Context ctx) {
        Headers forwarded = UpstreamRequests.forwardedHeaders(ctx, strippedHeaders);
        var headers = new LinkedHashMap<String, String>();
        for (String name : forwarded.names()) {
            if (!HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, String.join(", ", forwarded.values(name)));
            }
        }
        return headers;
    }

    private static List<String> offeredSubprotocols(Context ctx) {
        var offered = new ArrayList<String>();
        for (String header : Collections.list(ctx.req().getHeaders("Sec-WebSocket-Protocol"))) {
            for (String protocol : header.split(",")) {
                if (!protocol.isBlank()) {
                    offered.add(protocol.trim());
                }
            }
        }
        return offered;
    }

    /** The client's subprotocols in its order, then "none", so an upstream that picks none is accepted too. */
    private static List<IProtocol> protocols(List<String> offered) {
        var protocols = new ArrayList<IProtocol>();
        offered.forEach(name -> protocols.add(new Protocol(name)));
        protocols.add(new Protocol(""));
        return protocols;
    }

    private static HttpResponseException failure(UpstreamSocket socket, Route route) {
        Exception why = socket.failure();
        if (socket.refusal() != null) {
            // An HTTP answer instead of 101 (a 404, a 403, a 200 from a service without WebSockets): the upstream
            // is there but did not switch protocols, which for a relay is a bad gateway, not a timeout.
            return new BadGatewayResponse("Upstream '" + route.name() + "' refused the WebSocket upgrade: it answered "
                    + socket.refusal());
        }
        if (why == null) {
            return new GatewayTimeoutResponse("Upstream '" + route.name() + "' did not accept the WebSocket within "
                    + route.timeout().toMillis() + " ms");
        }
        if (why instanceof ConnectException) {
            return new BadGatewayResponse("Upstream '" + route.name() + "' could not be reached");
        }
        return new BadGatewayResponse("Upstream '" + route.name() + "' refused the WebSocket handshake");
    }
}
