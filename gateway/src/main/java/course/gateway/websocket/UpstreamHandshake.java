package course.gateway.websocket;

import course.gateway.routes.Route;
import course.gateway.routing.UpstreamRequests;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

/**
 * What the gateway's own opening handshake to the upstream carries, worked out from the client's upgrade request:
 * the address, the headers, the subprotocols the client offered, and, once connected, the one the upstream chose.
 * Plain values and no I/O: opening the connection, and when, is the relay's business.
 */
final class UpstreamHandshake {
    /** Upgrade headers the WebSocket client writes itself. */
    private static final Set<String> HANDSHAKE_HEADERS = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol");

    private UpstreamHandshake() {}

    /**
     * The upgrade request: to the upstream's {@code ws://} (or {@code wss://}) address, with the client's headers
     * (Step 1's forwarded headers, {@code X-Forwarded-*} included) less the handshake's own, offering the client's
     * subprotocols in its order. An upstream that picks none of them is accepted too.
     *
     * @param stripped lower-case names of request headers that never go upstream
     */
    static ClientUpgradeRequest request(Context ctx, Route route, HttpUrl upstream, Set<String> stripped) {
        var request = new ClientUpgradeRequest(uri(ctx, route, upstream));
        Headers forwarded = UpstreamRequests.forwardedHeaders(ctx, stripped);
        for (String name : forwarded.names()) {
            if (!HANDSHAKE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                request.setHeader(name, String.join(", ", forwarded.values(name)));
            }
        }
        var protocols = new ArrayList<String>();
        for (String header : Collections.list(ctx.req().getHeaders("Sec-WebSocket-Protocol"))) {
            for (String protocol : header.split(",")) {
                if (!protocol.isBlank()) {
                    protocols.add(protocol.trim());
                }
            }
        }
        if (!protocols.isEmpty()) {
            // As one header line, as clients send it: Jetty would write a line each, and some servers read only one.
            request.setSubProtocols(String.join(", ", protocols));
        }
        return request;
    }

    /** The upstream's {@code ws://} (or {@code wss://}) address: Step 1's path rule, and the raw query as it came. */
    static URI uri(Context ctx, Route route, HttpUrl upstream) {
        String scheme = upstream.isHttps() ? "wss" : "ws";
        String query = ctx.req().getQueryString();
        return URI.create(scheme + "://" + upstream.host() + ":" + upstream.port()
                + route.upstreamPath(upstream, ctx.req().getRequestURI()) + (query == null ? "" : "?" + query));
    }

    /** Answers the client's upgrade with the subprotocol the connected upstream chose, or none if it chose none. */
    static void passChosenSubprotocol(Context ctx, UpstreamSocket upstream) {
        String chosen = upstream.chosenSubprotocol();
        ctx.res().setHeader("Sec-WebSocket-Protocol", chosen == null || chosen.isEmpty() ? null : chosen);
    }
}
