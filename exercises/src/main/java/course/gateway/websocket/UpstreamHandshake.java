package course.gateway.websocket;

import course.gateway.routes.Route;
import course.gateway.routing.UpstreamRequests;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * What the gateway's own opening handshake to the upstream carries, worked out from the client's upgrade request:
 * the address, the headers, the subprotocols the client offered, and, once connected, the one the upstream chose.
 * Plain values and no I/O: opening the connection, and when, is the relay's business.
 */
final class UpstreamHandshake {
    /** Upgrade headers the WebSocket client library writes itself. */
    private static final Set<String> HANDSHAKE_HEADERS = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "accept-encoding");

    private UpstreamHandshake() {}

    /** The upstream's {@code ws://} (or {@code wss://}) address: Step 1's path rule, and the raw query as it came. */
    static URI uri(Context ctx, Route route, HttpUrl upstream) {
        String scheme = upstream.isHttps() ? "wss" : "ws";
        String query = ctx.req().getQueryString();
        return URI.create(scheme + "://" + upstream.host() + ":" + upstream.port()
                + route.upstreamPath(upstream, ctx.req().getRequestURI()) + (query == null ? "" : "?" + query));
    }

    /**
     * The client's headers to pass on (Step 1's forwarded headers, {@code X-Forwarded-*} included), less the
     * handshake's own, which the client library writes.
     *
     * @param stripped lower-case names of request headers that never go upstream
     */
    static Map<String, String> headers(Context ctx, Set<String> stripped) {
        Headers forwarded = UpstreamRequests.forwardedHeaders(ctx, stripped);
        var headers = new LinkedHashMap<String, String>();
        for (String name : forwarded.names()) {
            if (!HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, String.join(", ", forwarded.values(name)));
            }
        }
        return headers;
    }

    /**
     * The protocol settings for the upstream connection: RFC 6455 with no extensions, messages up to
     * {@code maxMessageBytes}, offering the client's subprotocols in its order, then none, so that an upstream that
     * picks none is accepted too.
     */
    static Draft draft(Context ctx, int maxMessageBytes) {
        var protocols = new ArrayList<IProtocol>();
        for (String header : Collections.list(ctx.req().getHeaders("Sec-WebSocket-Protocol"))) {
            for (String protocol : header.split(",")) {
                if (!protocol.isBlank()) {
                    protocols.add(new Protocol(protocol.trim()));
                }
            }
        }
        protocols.add(new Protocol(""));
        return new Draft_6455(List.of(), protocols, maxMessageBytes);
    }

    /** Answers the client's upgrade with the subprotocol the connected upstream chose, or none if it chose none. */
    static void passChosenSubprotocol(Context ctx, WebSocketClient upstream) {
        String chosen = upstream.getProtocol() == null ? "" : upstream.getProtocol().getProvidedProtocol();
        ctx.res().setHeader("Sec-WebSocket-Protocol", chosen.isEmpty() ? null : chosen);
    }
}
