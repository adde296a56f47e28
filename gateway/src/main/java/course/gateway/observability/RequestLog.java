package course.gateway.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.pipeline.RequestFacts;
import course.gateway.routes.Route;
import course.gateway.websocket.RelaySession;
import course.gateway.websocket.WebSocketRelay;
import io.javalin.http.Context;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bonus D, structured request logging: one JSON line per request on the {@code gateway.access} logger, rejected
 * requests included (Javalin calls it after every response), and one line when a WebSocket session opens and
 * when it closes. Every line has every key of its kind, {@code null} where a step did not run. Nothing secret is
 * logged: no API key, no body, no query string. Everything it writes about a request comes from the request's
 * {@link RequestFacts}.
 *
 * <p>Times: the {@code time} field is a timestamp, read from the injected clock like every other decision about
 * time; {@code durationMs} is a measurement of real time (Javalin's own timer for HTTP, the JVM's monotonic clock
 * for WebSocket sessions), which a test clock must not distort.
 */
public final class RequestLog implements WebSocketRelay.SessionListener {
    private static final Logger ACCESS = LoggerFactory.getLogger("gateway.access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final boolean enabled;

    /** @param enabled {@code logging.enabled}: when false, nothing is written */
    public RequestLog(Clock clock, boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
    }

    /** One HTTP request (or WebSocket upgrade) has been answered, {@code durationMs} after it arrived. */
    public void http(Context ctx, Float durationMs) {
        if (!enabled) {
            return;
        }
        RequestFacts facts = RequestFacts.of(ctx);
        write(new HttpLine(clock.instant().toString(), "request", facts.requestId(), facts.client(),
                facts.apiClient(), ctx.method().name(), ctx.req().getRequestURI(),
                facts.matchedRoute().map(Route::name).orElse(null), facts.upstream(), ctx.res().getStatus(),
                Math.round(durationMs * 10) / 10.0, BodyBytes.received(ctx), BodyBytes.sent(ctx),
                facts.cache() == null ? null : facts.cache().name(),
                facts.rateLimit() == null ? null : facts.rateLimit().logName()));
    }

    /** A relayed WebSocket session has opened. */
    @Override
    public void opened(RelaySession session) {
        if (enabled) {
            write(new WebSocketLine(clock.instant().toString(), "websocket-open", session.requestId(),
                    session.client(), session.route(), null, null, null, null));
        }
    }

    /** A relayed WebSocket session has closed, with the close code its client side saw. */
    @Override
    public void closed(RelaySession session, int closeCode) {
        if (enabled) {
            write(new WebSocketLine(clock.instant().toString(), "websocket-close", session.requestId(),
                    session.client(), session.route(), session.durationMillis(),
                    session.messagesFromClient(), session.messagesFromUpstream(), closeCode));
        }
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
