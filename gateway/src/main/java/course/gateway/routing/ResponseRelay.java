package course.gateway.routing;

import course.gateway.pipeline.RequestFacts;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the upstream's response to the client: status, end-to-end headers (plus Via), then the body as it
 * arrives. What has arrived already is gathered into one write of up to 64 KiB (OkHttp hands it over in 8 KiB
 * pieces, and every write to a socket is a system call with a cost of its own), and the client's response is
 * flushed whenever the upstream has nothing more ready, so that slow streams stay live.
 */
public final class ResponseRelay {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseRelay.class);
    /** The most one write to the client carries. */
    private static final int MAX_WRITE = 64 * 1024;
    /**
     * Each request thread's buffer, reused for every response it relays (a thread relays one at a time, and every
     * write has finished with the buffer when it returns). A new 64 KiB array per response cost its zeroing, 2.4%
     * of the gateway's CPU for 64 KiB responses, and as much garbage. The price: 64 KiB kept per request thread
     * that has relayed a body (at most 25 MiB with the default 400 threads; Jetty ends idle threads after a minute).
     */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[MAX_WRITE]);
    /** Headers the gateway sets itself; the upstream's copies are not passed on. */
    private static final Set<String> OWNED = Set.of("via", "x-request-id", "x-cache", "ratelimit-limit",
            "ratelimit-remaining", "ratelimit-reset");

    private ResponseRelay() {}

    /**
     * Relays the upstream's answer: marks the response as started, then status and headers, then the body, read
     * through {@link ObservedBody} and written as it arrives.
     *
     * @param upstreamDone run once the upstream's whole body has arrived ({@link ObservedBody} says when)
     * @throws IOException when the upstream breaks off while sending the body; the caller turns it into a
     *                     502/504 if nothing was sent yet, or cuts the client's connection if something was
     */
    static void relay(Response upstream, Context ctx, Runnable upstreamDone) throws IOException {
        HttpServletResponse client = ctx.res();
        RequestFacts.of(ctx).markResponseStarted();
        writeStatusAndHeaders(upstream.code(), upstream.headers(), client);

        long length = upstream.body().contentLength();
        InputStream body = ObservedBody.open(upstream, ctx, upstreamDone);
        OutputStream out = client.getOutputStream();
        byte[] buffer = BUFFERS.get();
        int filled = 0; // bytes in buffer, not yet written
        long ready = 0; // bytes known to have arrived and not read yet, asked about only once they are used up
        for (int read; (read = body.read(buffer, filled, buffer.length - filled)) != -1; ) {
            filled += read;
            ready = ready > read ? ready - read : arrived(body, length, upstream);
            boolean moreReady = ready > 0;
            if (moreReady && filled < buffer.length) {
                continue; // the next read cannot wait: gather it into the same write
            }
            if (!write(out, buffer, filled, !moreReady)) {
                return;
            }
            filled = 0;
        }
        if (filled > 0 && !write(out, buffer, filled, true)) {
            return;
        }
        // Commit status and headers even when there was no body (HEAD, 204, 304), so nothing after this
        // handler can add a default Content-Type the upstream never sent.
        client.flushBuffer();
    }

    /**
     * How much of the rest of the body has arrived, so that reading it cannot wait: what is in OkHttp's buffer and,
     * for a body of known length (where every byte on the connection is the body's), in the kernel's
     * ({@link ArrivedBytes}). A chunked body is not asked about the kernel: what waits there may be only the end of a
     * chunk, and the next chunk may be long in coming. (OkHttp may hold a little more, out of sight: reading it
     * cannot wait either, so counting too little only ever means a flush too many.)
     */
    private static long arrived(InputStream body, long length, Response upstream) throws IOException {
        long buffered = body.available();
        ArrivedBytes kernel = upstream.request().tag(ArrivedBytes.class);
        return length >= 0 && kernel != null ? buffered + kernel.count() : buffered;
    }

    /** Writes, then flushes if asked; false if the client hung up. */
    private static boolean write(OutputStream out, byte[] buffer, int count, boolean flush) {
        try {
            out.write(buffer, 0, count);
            if (flush) {
                out.flush();
            }
            return true;
        } catch (IOException clientGone) {
            // The client hung up. Returning closes the upstream response unread, which drops that connection and
            // so stops the upstream from sending the rest.
            LOG.debug("client went away during the response: {}", clientGone.toString());
            return false;
        }
    }

    /**
     * Puts an upstream's status and end-to-end headers on the client's response, plus Via. The cache uses it too,
     * to answer from a stored response exactly as the upstream would have.
     */
    public static void writeStatusAndHeaders(int status, Headers upstream, HttpServletResponse client) {
        client.setStatus(status);
        var hopByHop = new HopByHopHeaders(upstream.values("Connection"));
        var copied = new HashSet<String>(); // lower-case names this loop has put on the response
        for (int i = 0; i < upstream.size(); i++) { // one pass, in the upstream's order, repeated names included
            String name = upstream.name(i);
            String lowerCase = name.toLowerCase(Locale.ROOT);
            if (hopByHop.isHopByHop(name) || OWNED.contains(lowerCase)) {
                continue;
            }
            String value = Utf8Bytes.responseHeader(upstream.value(i));
            // setHeader for a name's first value: it replaces any value the server put there already (Date, a
            // default Content-Type). addHeader for the values after it.
            if (copied.add(lowerCase)) {
                client.setHeader(name, value);
            } else {
                client.addHeader(name, value);
            }
        }
        if (!copied.contains("content-type")) {
            client.setContentType(null);
        }
        client.setHeader("Via", UpstreamRequests.append(upstream.values("Via"), UpstreamRequests.VIA));
    }
}
