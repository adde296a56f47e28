package course.gateway.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.config.RouteConfig;
import course.gateway.pipeline.RateLimitOutcome;
import course.gateway.pipeline.RequestFacts;
import course.gateway.websocket.RelaySession;
import course.gateway.websocket.WebSocketRelay;
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
 * Everything it writes about a request comes from the request's {@link RequestFacts}.
 *
 * <p>Times: the {@code time} field is a timestamp, read from the injected clock like every other decision about
 * time; {@code durationMs} is a measurement of real time (Javalin's own timer for HTTP, the JVM's monotonic clock
 * for WebSocket sessions), which a test clock must not distort.
 */
public final class RequestLog implements WebSocketRelay.SessionListener {
    private static final Logger ACCESS = LoggerFactory.getLogger("gateway.access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final GatewayStats stats;
    private final boolean enabled;

    public RequestLog(Clock clock, GatewayStats stats, boolean enabled) {
        this.clock = clock;
        this.stats = stats;
        this.enabled = enabled;
    }

    /** One HTTP request (or WebSocket upgrade) has been answered. */
    public void http(Context ctx, Float durationMs) {
        int status = ctx.res().getStatus();
        RequestFacts facts = RequestFacts.of(ctx);
        if (!RouteConfig.isReserved(ctx.req().getRequestURI())) {
            stats.record(status, durationMs, facts.rateLimit() == RateLimitOutcome.LIMITED);
        }
        if (enabled) {
            writeRequestLine(ctx, facts, durationMs, status);
        }
    }

    private void writeRequestLine(Context ctx, RequestFacts facts, Float durationMs, int status) {
        // TODO(bonus D): write one JSON line: write(new HttpLine(...)) with the time (clock.instant()), "request",
        // and from the request's facts the request id, client, API client, route, upstream, cache and rate-limit
        // outcomes; then method, path, status, duration, bytes in and out (Request.getContentBytesRead, bytesOut(ctx)).
    }

    /** A relayed WebSocket session has opened. */
    @Override
    public void opened(RelaySession session) {
        if (enabled) {
            writeOpenLine(session);
        }
    }

    private void writeOpenLine(RelaySession session) {
        // TODO(bonus D): write a "websocket-open" line for the session.
    }

    /** A relayed WebSocket session has closed, with the close code its client side saw. */
    @Override
    public void closed(RelaySession session, int closeCode) {
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
