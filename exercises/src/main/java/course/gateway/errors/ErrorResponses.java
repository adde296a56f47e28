package course.gateway.errors;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.RequestId;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a rejection into an HTTP error, so every error the gateway itself sends has the
 * same JSON shape: {@code {"status":502,"error":"Bad Gateway","message":"...","requestId":"..."}}.
 * Steps reject by throwing Javalin's status exceptions ({@code NotFoundResponse}, {@code BadGatewayResponse},
 * ...); anything else is a bug, answered 500 without a stack trace and logged.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    /** Handler for Javalin's status exceptions. */
    public static void rejected(HttpResponseException rejection, Context ctx) {
        write(ctx, rejection.getStatus(), rejection.getMessage());
    }

    /** Handler for everything else: a bug in the gateway, never explained to the client in detail. */
    public static void unexpected(Exception bug, Context ctx) {
        if (clientWentAway(bug)) {
            // Not a bug: the client closed or reset its connection while its answer was being written (a client
            // that gives up on a WebSocket upgrade before its 101, say). There is no one to answer.
            LOG.debug("request {}: the client went away before its answer was written ({})", RequestId.of(ctx),
                    bug.toString());
            return;
        }
        LOG.error("request {} failed inside the gateway", RequestId.of(ctx), bug);
        write(ctx, 500, "The gateway failed to handle this request");
    }

    /** Jetty reports a connection the client closed or reset as its {@link EofException}, often wrapped. */
    private static boolean clientWentAway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    /** Writes the error body, or, if the response has already started, cuts the connection instead. */
    public static void write(Context ctx, int status, String message) {
        if (ctx.res().isCommitted()) {
            abortConnection(ctx, new IllegalStateException(message));
            return;
        }
        if (RequestFacts.find(ctx).map(RequestFacts::responseStarted).orElse(false)) {
            // The upstream's status and headers are on the response already: none of them fit an error.
            ctx.res().reset();
            ctx.header(RequestId.HEADER, RequestId.of(ctx));
        } else {
            // Keep what the steps set (RateLimit-*, Retry-After, WWW-Authenticate), drop any partial body.
            ctx.res().resetBuffer();
        }
        var body = new ErrorBody(status, HttpStatus.forStatus(status).getMessage(), message, RequestId.of(ctx));
        byte[] json = ctx.jsonMapper().toJsonString(body, ErrorBody.class).getBytes(StandardCharsets.UTF_8);
        ctx.status(status).contentType(ContentType.APPLICATION_JSON);
        ctx.res().setContentLength(json.length);
        try {
            // Written out here rather than left as Javalin's result: Javalin never sends the result of a request
            // that asked for a WebSocket upgrade, and such a refusal (401, 429, 502...) needs its body too.
            ctx.res().getOutputStream().write(json);
        } catch (IOException clientGone) {
            LOG.debug("client went away before its error could be sent: {}", clientGone.toString());
        }
    }

    /**
     * Closes the client's connection without finishing the response. Once the status line has been sent, this
     * is the only honest way to say "this response is broken": the client sees a truncated chunked body or a
     * short Content-Length, never a body that looks complete.
     */
    public static void abortConnection(Context ctx, Throwable why) {
        // Closing the connection itself (rather than aborting the servlet channel) leaves Javalin's own
        // end-of-request bookkeeping undisturbed.
        ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                .getEndPoint().close(why);
    }

    /** The JSON body of every gateway error. */
    public record ErrorBody(int status, String error, String message, String requestId) {}
}
