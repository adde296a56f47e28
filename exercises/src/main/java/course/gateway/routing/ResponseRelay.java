package course.gateway.routing;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.ResponseTap;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the upstream's response to the client: status, end-to-end headers (plus Via), then the body as it
 * arrives, in 16 KiB pieces, flushed whenever the upstream has nothing more ready so that streams stay live.
 */
public final class ResponseRelay {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseRelay.class);
    /** Headers the gateway sets itself; the upstream's copies are not passed on. */
    private static final Set<String> OWNED = Set.of("via", "x-request-id", "x-cache", "ratelimit-limit",
            "ratelimit-remaining", "ratelimit-reset");

    private ResponseRelay() {}

    /**
     * @param upstreamDone called once the upstream's whole body has arrived, before its last bytes go to the
     *                     client: with a Content-Length, Jetty ends the response on the last write and the client
     *                     may ask again at once, so whatever depends on the outcome (the cache's copy, the
     *                     circuit breaker) must be settled first
     * @throws IOException when the upstream breaks off while sending the body; the caller turns it into a
     *                     502/504 if nothing was sent yet, or cuts the client's connection if something was
     */
    static void relay(Response upstream, Context ctx, Runnable upstreamDone) throws IOException {
        // TODO(step 1): mark the start (RequestFacts.of(ctx).markResponseStarted()), put the upstream's status and headers on the
        // client's response (writeStatusAndHeaders), then copy upstream.body().byteStream() to
        // ctx.res().getOutputStream() in small pieces (never the whole body at once), flushing when the upstream has
        // nothing more ready. If writing fails the client hung up: just return. Call the given finish(tap, upstreamDone)
        // once the whole body has arrived: with a Content-Length, as soon as that many bytes were read and before they
        // are written (Jetty ends the response on the last write, and the client may ask again at once); without one,
        // when read() returns -1. finish returns true, for a "done" flag. Then flushBuffer().
        // Step 3 needs this method to feed the ResponseTap (the request's facts hold it: responseTap()), if there is one:
        // onHeaders after the headers, onBody for every piece.
        throw new UnsupportedOperationException("Step 1: ResponseRelay.relay is not written yet");
    }

    private static boolean finish(ResponseTap tap, Runnable upstreamDone) {
        if (tap != null) {
            tap.onComplete();
        }
        upstreamDone.run();
        return true;
    }

    /**
     * Puts an upstream's status and end-to-end headers on the client's response, plus Via. The cache uses it too,
     * to answer from a stored response exactly as the upstream would have.
     */
    public static void writeStatusAndHeaders(int status, Headers upstream, HttpServletResponse client) {
        // TODO(step 1): client.setStatus(status); then copy every header of upstream except the hop-by-hop ones
        // (HopByHopHeaders) and the ones the gateway owns (OWNED); finally set Via (UpstreamRequests.appendVia).
        client.setStatus(status);
    }
}
