package course.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a raw ServerSocket (JDK only) that answers every connection with a script of its own, so tests
 * can produce what Service A never would: hop-by-hop headers, malformed responses, bodies cut short, silence.
 * Each connection has its own thread; each request is read whole (by its Content-Length or chunked framing) and
 * recorded in {@link #received} before the script runs, so a test can tell what the upstream was given.
 * {@link Faults} has the scripts of the usual failures.
 */
public final class FakeUpstream implements AutoCloseable {
    /** What to do with one accepted connection, after its request has been read. */
    public interface Script {
        void answer(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    /**
     * One request as the upstream read it.
     *
     * @param complete whether the body ended as its framing said it would (false: the connection closed first)
     */
    public record Received(String head, byte[] body, boolean complete) {}

    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public FakeUpstream(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread serve = new Thread(() -> serve(socket, script), "fake-upstream-connection");
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fake-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers with these raw bytes, then closes the connection. */
    public static FakeUpstream answering(String raw) throws IOException {
        return new FakeUpstream((socket, out) -> out.write(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private void serve(Socket socket, Script script) {
        open.add(socket);
        try (socket) {
            Received request = readRequest(socket.getInputStream());
            if (request.head().isEmpty()) {
                return; // closed before a request was sent: nothing to record or answer
            }
            received.add(request);
            script.answer(socket, socket.getOutputStream());
            socket.getOutputStream().flush();
        } catch (IOException | InterruptedException closedOrBroken) {
            // the gateway went away, or the script broke the connection on purpose
        } finally {
            open.remove(socket);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections still open (a script may hold one until the gateway closes it). */
    public int openConnections() {
        return open.size();
    }

    /** Reads up to the blank line that ends a request head. */
    static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) != -1; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static Received readRequest(InputStream in) throws IOException {
        String head = readLine(in, new StringBuilder());
        var headers = new StringBuilder(head);
        long length = 0;
        boolean chunked = false;
        for (String line; !(line = readLine(in, new StringBuilder())).isEmpty(); ) {
            headers.append(line);
            String lower = line.toLowerCase(Locale.ROOT).trim();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        var body = new ByteArrayOutputStream();
        boolean complete = chunked ? readChunks(in, body) : copy(in, body, length);
        return new Received(headers.toString(), body.toByteArray(), complete);
    }

    private static boolean readChunks(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String size = readLine(in, new StringBuilder()).trim();
            if (size.isEmpty()) {
                return false; // the connection ended before the last chunk
            }
            long length = Long.parseLong(size.split(";")[0], 16);
            if (length == 0) {
                readLine(in, new StringBuilder()); // the blank line after the last chunk
                return true;
            }
            if (!copy(in, body, length)) {
                return false;
            }
            readLine(in, new StringBuilder());
        }
    }

    private static boolean copy(InputStream in, ByteArrayOutputStream body, long length) throws IOException {
        for (long i = 0; i < length; i++) {
            int b = in.read();
            if (b == -1) {
                return false;
            }
            body.write(b);
        }
        return true;
    }

    /** One line without its CRLF ("" at the end of the stream too). */
    private static String readLine(InputStream in, StringBuilder line) throws IOException {
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
