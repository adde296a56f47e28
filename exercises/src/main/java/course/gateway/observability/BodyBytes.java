package course.gateway.observability;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/** How many body bytes a request brought in and its answer took out, as Jetty counted them. */
public final class BodyBytes {
    private BodyBytes() {}

    /** Request body bytes the gateway read from the client. */
    public static long received(Context ctx) {
        return Request.getContentBytesRead(jetty(ctx));
    }

    /**
     * Response body bytes written for the client, as Jetty's servlet output counted them, buffered ones included.
     * (Asking the connection instead would need the buffer flushed first: one more network write per request.)
     * Zero for an accepted WebSocket upgrade: the connection then belongs to the WebSocket.
     */
    public static long sent(Context ctx) {
        if (ctx.res().getStatus() == 101) {
            return 0;
        }
        return jetty(ctx).getServletContextResponse().getHttpOutput().getWritten();
    }

    private static ServletContextRequest jetty(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req());
    }
}
