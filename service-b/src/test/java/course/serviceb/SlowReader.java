package course.serviceb;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client (the JDK's) that reads only when asked, so that what the server sends meanwhile waits in TCP,
 * and keeps each binary message whole. Every wait ends after {@value #WAIT_SECONDS} s at the most.
 */
final class SlowReader implements WebSocket.Listener, AutoCloseable {
    static final int WAIT_SECONDS = 30;
    private static final byte[] ENDED = new byte[0];

    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final AtomicInteger wanted = new AtomicInteger();
    private volatile String ending = "";
    private WebSocket socket;

    private SlowReader() {}

    /** Connects, and reads nothing yet. */
    static SlowReader connect(String url) throws Exception {
        var reader = new SlowReader();
        reader.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), reader)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        return reader;
    }

    WebSocket socket() {
        return socket;
    }

    /** Reads the next {@code count} binary messages, and no more. */
    List<byte[]> read(int count) throws InterruptedException {
        wanted.set(count);
        socket.request(1);
        var read = new ArrayList<byte[]>();
        for (int i = 0; i < count; i++) {
            byte[] next = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(next, "message " + (i + 1) + " of " + count + " did not come within "
                    + WAIT_SECONDS + " s");
            assertNotSame(ENDED, next, "the connection ended before message " + (i + 1) + " of " + count + ": "
                    + ending);
            read.add(next);
        }
        return read;
    }

    @Override
    public void onOpen(WebSocket socket) {
        // reads nothing until asked
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        message.writeBytes(part);
        if (last) {
            messages.add(message.toByteArray());
            message.reset();
        }
        if (!last || wanted.decrementAndGet() > 0) {
            socket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        ending = "closed " + code + " " + reason;
        messages.add(ENDED);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        ending = "failed: " + error;
        messages.add(ENDED);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
