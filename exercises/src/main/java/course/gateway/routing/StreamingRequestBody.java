package course.gateway.routing;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * The client's request body, copied to the upstream as it arrives and never held whole in memory.
 * Content-Type is forwarded as a plain header, byte for byte, so {@link #contentType()} stays null.
 * A failure to read from the client (it hung up, or sent fewer bytes than it promised) is reported as
 * {@link ClientBodyException}, and a body that grows past the limit as {@link BodyTooLargeException}, so the
 * gateway can tell both apart from an upstream failure.
 */
final class StreamingRequestBody extends RequestBody {
    private final InputStream client;
    private final long length;
    private final long maxBytes;
    private volatile boolean started;

    /** @param length the client's Content-Length, or -1 when it sent the body chunked */
    StreamingRequestBody(InputStream client, long length, long maxBytes) {
        this.client = client;
        this.length = length;
        this.maxBytes = maxBytes;
    }

    @Override
    public MediaType contentType() {
        return null;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public boolean isOneShot() {
        return true; // the client's stream can be read only once, so OkHttp must never retry with it
    }

    /** Whether sending has begun; after that the request cannot be tried again elsewhere. */
    boolean started() {
        return started;
    }

    @Override
    public void writeTo(BufferedSink upstream) throws IOException {
        started = true;
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        while (true) {
            int read;
            try {
                read = client.read(buffer);
            } catch (IOException clientFailed) {
                throw new ClientBodyException(clientFailed);
            }
            if (read == -1) {
                return;
            }
            total += read;
            if (total > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
            upstream.write(buffer, 0, read);
        }
    }

    /** The client, not the upstream, broke off while sending its body. */
    static final class ClientBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        ClientBodyException(IOException cause) {
            super("the client's request body could not be read: " + cause.getMessage(), cause);
        }
    }

    /** A chunked body grew past the configured limit while streaming. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long maxBytes) {
            super("request body larger than " + maxBytes + " bytes");
        }
    }
}
