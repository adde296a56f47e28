package course.gateway.routing;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the upstream's response to the client: status, end-to-end headers (plus Via), then the body as it
 * arrives, in 16 KiB pieces, flushed whenever the upstream has nothing more ready so that streams stay live.
 */
final class ResponseRelay {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseRelay.class);
    /** The gateway sets these itself; the upstream's copies are not passed on. */
    private static final Set<String> REPLACED = Set.of("via", "x-request-id");

    private ResponseRelay() {}

    /**
     * @throws IOException when the upstream breaks off while sending the body; the caller turns it into a
     *                     502/504 if nothing was sent yet, or cuts the client's connection if something was
     */
    static void relay(Response upstream, Context ctx) throws IOException {
        HttpServletResponse client = ctx.res();
        client.setStatus(upstream.code());
        copyHeaders(upstream, client);

        InputStream body = upstream.body().byteStream();
        OutputStream out = client.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int read; (read = body.read(buffer)) != -1; ) {
            try {
                out.write(buffer, 0, read);
                if (body.available() == 0) {
                    out.flush();
                }
            } catch (IOException clientGone) {
                // The client hung up. Returning closes the upstream response unread, which drops that
                // connection and so stops the upstream from sending the rest.
                LOG.debug("client went away during the response: {}", clientGone.toString());
                return;
            }
        }
        // Commit status and headers even when there was no body (HEAD, 204, 304), so nothing after this
        // handler can add a default Content-Type the upstream never sent.
        client.flushBuffer();
    }

    private static void copyHeaders(Response upstream, HttpServletResponse client) {
        var hopByHop = new HopByHopHeaders(upstream.headers("Connection"));
        boolean hasContentType = false;
        for (String name : upstream.headers().names()) {
            if (hopByHop.isHopByHop(name) || REPLACED.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            hasContentType |= name.equalsIgnoreCase("Content-Type");
            List<String> values = upstream.headers(name);
            // setHeader first: it replaces any value the server put there already (Date, a default Content-Type).
            client.setHeader(name, values.get(0));
            for (String value : values.subList(1, values.size())) {
                client.addHeader(name, value);
            }
        }
        if (!hasContentType) {
            client.setContentType(null);
        }
        client.setHeader("Via", UpstreamRequests.appendVia(upstream.header("Via")));
    }
}
