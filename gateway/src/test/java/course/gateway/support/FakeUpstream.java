package course.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers every connection with a script of its own, so tests can produce what Service A never
 * would: hop-by-hop headers, malformed responses, a body cut short.
 */
public final class FakeUpstream implements AutoCloseable {
    /** What to do with one accepted connection, after the request head has been read. */
    public interface Script {
        void answer(OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    public FakeUpstream(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    readRequestHead(socket.getInputStream());
                    script.answer(socket.getOutputStream());
                    socket.getOutputStream().flush();
                } catch (IOException closedOrBroken) {
                    // next connection, or the server was closed
                }
            }
        }, "fake-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers with these raw bytes, then closes the connection. */
    public static FakeUpstream answering(String raw) throws IOException {
        return new FakeUpstream(out -> out.write(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    /** Reads up to the blank line that ends a request head. */
    static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) != -1; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
