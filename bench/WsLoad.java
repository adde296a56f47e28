import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket load for bench/run.py, with nothing but the JDK:
 *
 * <pre>
 *   java bench/WsLoad.java echo URL CONNECTIONS SECONDS   each connection sends a 100-byte text and waits for its
 *                                                        echo, again and again; prints messages/s and errors
 *   java bench/WsLoad.java hold URL CONNECTIONS SECONDS   opens that many connections, holds them, then checks one
 *                                                        echo on each; prints how many stayed usable
 * </pre>
 *
 * The last line printed is one JSON object, which run.py reads.
 */
public final class WsLoad {
    private static final String MESSAGE = "x".repeat(100);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        var echoes = new AtomicLong();
        var errors = new AtomicLong();
        var sockets = new ArrayList<Echoer>();
        for (int i = 0; i < connections; i++) {
            var echoer = new Echoer(echoes, errors);
            try {
                echoer.socket = http.newWebSocketBuilder().buildAsync(uri, echoer).get(10, TimeUnit.SECONDS);
                sockets.add(echoer);
            } catch (Exception failed) {
                errors.incrementAndGet();
            }
        }
        if (mode.equals("echo")) {
            sockets.forEach(Echoer::start);
            long started = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            sockets.forEach(Echoer::stop);
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.printf("{\"messagesPerSecond\": %.1f, \"messages\": %d, \"errors\": %d, \"connections\": %d}%n",
                    echoes.get() / elapsed, echoes.get(), errors.get(), sockets.size());
        } else {
            Thread.sleep(seconds * 1000L);
            long before = echoes.get();
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (Echoer echoer : sockets) {
                checks.add(echoer.once());
            }
            long usable = checks.stream().filter(check -> {
                try {
                    check.get(20, TimeUnit.SECONDS);
                    return true;
                } catch (Exception failed) {
                    return false;
                }
            }).count();
            System.out.printf("{\"held\": %d, \"usable\": %d, \"errors\": %d, \"echoes\": %d}%n",
                    sockets.size(), usable, errors.get(), echoes.get() - before);
        }
        for (Echoer echoer : sockets) {
            echoer.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        System.exit(0);
    }

    /** One connection: in echo mode it sends again as soon as its echo is back. */
    private static final class Echoer implements WebSocket.Listener {
        private final AtomicLong echoes;
        private final AtomicLong errors;
        private volatile boolean running;
        private volatile CompletableFuture<Void> awaited = new CompletableFuture<>();
        WebSocket socket;

        Echoer(AtomicLong echoes, AtomicLong errors) {
            this.echoes = echoes;
            this.errors = errors;
        }

        void start() {
            running = true;
            socket.sendText(MESSAGE, true);
        }

        void stop() {
            running = false;
        }

        CompletableFuture<Void> once() {
            awaited = new CompletableFuture<>();
            socket.sendText(MESSAGE, true);
            return awaited;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (last) {
                echoes.incrementAndGet();
                awaited.complete(null);
                if (running) {
                    webSocket.sendText(MESSAGE, true);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            errors.incrementAndGet();
        }
    }
}
