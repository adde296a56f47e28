package course.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream that answers every request after the same delay, each connection on its own thread, so hundreds of
 * requests can wait on it at once (unlike {@link FakeUpstream}, which serves one connection at a time).
 */
public final class SlowUpstream implements AutoCloseable {
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n"
            + "Connection: close\r\n\r\nslow").getBytes(StandardCharsets.ISO_8859_1);

    private final ServerSocket server;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger mostWaiting = new AtomicInteger();

    public SlowUpstream(long delayMillis) throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread answer = new Thread(() -> answer(socket, delayMillis), "slow-upstream-answer");
                    answer.setDaemon(true);
                    answer.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "slow-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void answer(Socket socket, long delayMillis) {
        try (socket) {
            FakeUpstream.readRequestHead(socket.getInputStream());
            mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delayMillis);
            } finally {
                waiting.decrementAndGet();
            }
            socket.getOutputStream().write(ANSWER);
        } catch (IOException | InterruptedException gone) {
            // the gateway gave up on this request
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests waiting here now. */
    public int waiting() {
        return waiting.get();
    }

    /** The most requests that were ever waiting here at once. */
    public int mostWaiting() {
        return mostWaiting.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
