package course.gateway.observability;

import course.gateway.websocket.RelaySession;
import course.gateway.websocket.WebSocketRelay;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * Bonus D, structured request logging: one JSON object per line on the SLF4J logger named {@code gateway.access}
 * (logback.xml prints its messages bare, one per line). Its contract, field by field in
 * exercises/steps/bonus-d-logging.md ("The lines"):
 *
 * <ul>
 *   <li>Every answered request, rejected ones included (401, 404, 429, 503...), gets one {@code "request"} line:
 *       time, event, requestId, client, apiClient, method, path, route, upstream, status, durationMs, bytesIn,
 *       bytesOut, cache, rateLimit. A relayed WebSocket gets a {@code "websocket-open"} line when it opens and a
 *       {@code "websocket-close"} line when it closes.</li>
 *   <li>Every line of a kind has every key of that kind: {@code null} where the step that knows the value did not
 *       run, never a missing key.</li>
 *   <li>{@code time} comes from the injected clock; {@code durationMs} is real time, as measured for you.</li>
 *   <li>Nothing secret: no API key, no body, no cookie, no query string.</li>
 *   <li>With {@code logging.enabled} false, nothing is written. Logging never fails a request.</li>
 * </ul>
 */
public final class RequestLog implements WebSocketRelay.SessionListener {

    /** @param enabled {@code logging.enabled}: when false, nothing is written */
    public RequestLog(Clock clock, boolean enabled) {
        // TODO(bonus D): keep what the three methods need.
    }

    /**
     * One HTTP request (or WebSocket upgrade) has been answered: Javalin calls this after every response, with the
     * time it took in milliseconds. What the steps learned about the request is in its {@code RequestFacts}.
     */
    public void http(Context ctx, Float durationMs) {
        // TODO(bonus D): write the request's "request" line. See "The lines" and "From facts to a line" in
        //   exercises/steps/bonus-d-logging.md.
    }

    /** A relayed WebSocket session has opened. */
    @Override
    public void opened(RelaySession session) {
        // TODO(bonus D): write the session's "websocket-open" line.
    }

    /** A relayed WebSocket session has closed, with the close code its client side saw. */
    @Override
    public void closed(RelaySession session, int closeCode) {
        // TODO(bonus D): write the session's "websocket-close" line: how long it lasted, the messages each way
        //   and the close code.
    }
}
