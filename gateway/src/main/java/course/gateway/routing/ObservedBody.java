package course.gateway.routing;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.ResponseTap;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Response;

/**
 * The upstream's response body as the relay reads it, with the bookkeeping that depends on it done on the way.
 * The request's {@link ResponseTap} (Step 3's cache copy, if the request has one) is shown the status and headers
 * when the body is opened, then every piece as it is read. Once the whole body has arrived, the tap's
 * {@code onComplete} and then the caller's {@code upstreamDone} run, exactly once, inside the read that returns
 * the last piece, so always before that piece can be written to the client. That order matters: with a
 * Content-Length, Jetty ends the client's response on the write of its last byte, and the client may ask again
 * at once, on another connection, while the relay is still running; the cache's copy and the circuit breaker's
 * count must be settled by then. When the upstream breaks off (a read throws), neither runs.
 */
final class ObservedBody extends InputStream {
    private final InputStream upstream;
    private final long length;
    private final ResponseTap tap;
    private final Runnable upstreamDone;
    private long received;
    private boolean done;

    private ObservedBody(InputStream upstream, long length, ResponseTap tap, Runnable upstreamDone) {
        this.upstream = upstream;
        this.length = length;
        this.tap = tap;
        this.upstreamDone = upstreamDone;
    }

    /**
     * Opens {@code response}'s body for reading, and shows its status and headers to the request's tap.
     *
     * @param upstreamDone what to run once the whole body has arrived (the relay's caller reports the outcome)
     */
    static InputStream open(Response response, Context ctx, Runnable upstreamDone) {
        ResponseTap tap = RequestFacts.of(ctx).responseTap();
        if (tap != null) {
            tap.onHeaders(response.code(), response.headers());
        }
        return new ObservedBody(response.body().byteStream(), response.body().contentLength(), tap, upstreamDone);
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        int read = upstream.read(buffer, offset, count);
        if (read == -1) {
            finish();
            return -1;
        }
        received += read;
        if (tap != null) {
            tap.onBody(buffer, offset, read);
        }
        if (received == length) {
            finish(); // the last piece: settle before the caller can write it
        }
        return read;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int available() throws IOException {
        return upstream.available();
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }

    private void finish() {
        if (!done) {
            done = true;
            if (tap != null) {
                tap.onComplete();
            }
            upstreamDone.run();
        }
    }
}
