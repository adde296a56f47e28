package course.gateway.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.auth.ApiKeyStep;
import course.gateway.cache.CacheStep;
import course.gateway.config.RouteConfig;
import course.gateway.ratelimit.ClientAddress;
import course.gateway.ratelimit.RateLimitStep;
import course.gateway.routing.ProxyStep;
import course.gateway.routing.Route;
import course.gateway.websocket.RelaySession;
import io.javalin.http.Context;
import java.time.Clock;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bonus D, structured request logging: one JSON line per request on the {@code gateway.access} logger, rejected
 * requests included (Javalin calls it after every response), and one line when a WebSocket session opens and
 * when it closes. It also feeds {@link GatewayStats}, with the traffic through routes (the gateway's own
 * endpoints, polled by monitors, are logged but not counted). Nothing secret is logged: no API key, no body.
 */
public final class RequestLog {
    private static final Logger ACCESS = LoggerFactory.getLogger("gateway.access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final ClientAddress clients;
    private final GatewayStats stats;
    private final boolean enabled;

    public RequestLog(Clock clock, ClientAddress clients, GatewayStats stats, boolean enabled) {
        this.clock = clock;
        this.clients = clients;
        this.stats = stats;
        this.enabled = enabled;
    }

    /** One HTTP request (or WebSocket upgrade) has been answered. */
    public void http(Context ctx, Float durationMs) {
        int status = ctx.res().getStatus();
        String rateLimit = ctx.attribute(RateLimitStep.OUTCOME);
        if (!RouteConfig.isReserved(ctx.req().getRequestURI())) {
            stats.record(status, durationMs, "limited".equals(rateLimit));
        }
        if (enabled) {
            writeRequestLine(ctx, durationMs, status, rateLimit);
        }
    }

    private void writeRequestLine(Context ctx, Float durationMs, int status, String rateLimit) {
        // TODO(bonus D): write one JSON line: write(new HttpLine(...)) with the time (clock.instant()), "request",
        // the request id, client, API client, method, path, route, upstream, status, duration, bytes in and out
        // (Jetty counts them: Request.getContentBytesRead, bytesOut(ctx)), and the cache and rate-limit outcomes.
    }

    /** A relayed WebSocket session has opened. */
    public void webSocketOpened(RelaySession session) {
        if (enabled) {
            writeOpenLine(session);
        }
    }

    private void writeOpenLine(RelaySession session) {
        // TODO(bonus D): write a "websocket-open" line for the session.
    }

    /** A relayed WebSocket session has closed, with the close code its client side saw. */
    public void webSocketClosed(RelaySession session, int closeCode) {
        if (enabled) {
            writeCloseLine(session, closeCode);
        }
    }

    private void writeCloseLine(RelaySession session, int closeCode) {
        // TODO(bonus D): write a "websocket-close" line with the session's duration, message counts and close code.
    }

    /**
     * Body bytes written for the client, as Jetty's servlet output counted them, buffered ones included. (Asking
     * the connection instead would need the buffer flushed first: one more network write per request.)
     */
    private static long bytesOut(Context ctx) {
        if (ctx.res().getStatus() == 101) {
            return 0; // the connection now belongs to the WebSocket
        }
        return jetty(ctx).getServletContextResponse().getHttpOutput().getWritten();
    }

    private static ServletContextRequest jetty(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req());
    }

    private static void write(Object line) {
        try {
            ACCESS.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The fields of one request's log line (null fields are written as null, so every line has every key). */
    record HttpLine(String time, String event, String requestId, String client, String apiClient, String method,
                    String path, String route, String upstream, int status, double durationMs, long bytesIn,
                    long bytesOut, String cache, String rateLimit) {}

    /** The fields of a WebSocket session's open and close lines. */
    record WebSocketLine(String time, String event, String requestId, String client, String route,
                         Long durationMs, Long messagesIn, Long messagesOut, Integer closeCode) {}
}
