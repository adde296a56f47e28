package course.serviceb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A tiny WebSocket client for trying the course by hand, with nothing to install:
 * {@code java -cp service-b/target/service-b.jar course.serviceb.WsCat [--header "Name: value"]... URL},
 * for example {@code ... WsCat --header "X-API-Key: my-key" ws://localhost:8000/service-b/ws}.
 * Each line typed is sent as a text message; every message received is printed ("&lt; text" or
 * "&lt; [binary, N bytes]"). End input (Ctrl-D) to close with 1000, or type {@code /close CODE REASON}.
 */
public final class WsCat {
    private WsCat() {}

    public static void main(String[] args) throws Exception {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        int i = 0;
        for (; i + 1 < args.length && args[i].equals("--header"); i += 2) {
            String[] header = args[i + 1].split(":", 2);
            if (header.length != 2) {
                usage();
            }
            builder.header(header[0].trim(), header[1].trim());
        }
        if (i != args.length - 1) {
            usage();
        }
        String url = args[i];
        var closed = new CompletableFuture<String>();
        // A close is shown the moment it comes, not after the next line typed: the reading below blocks meanwhile.
        CompletableFuture<Void> reported = closed.thenAccept(outcome -> {
            System.out.println(outcome);
            System.exit(0);
        });
        WebSocket socket = builder
                .buildAsync(URI.create(url), new Printer(closed))
                .exceptionally(failure -> {
                    System.err.println("could not connect: " + describe(failure.getCause()));
                    System.exit(1);
                    return null;
                }).join();
        System.out.println("connected to " + url + " (type a line to send it, Ctrl-D to close)");
        var input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; !closed.isDone() && (line = input.readLine()) != null; ) {
            if (line.startsWith("/close")) {
                String[] parts = line.split(" ", 3);
                int code = parts.length > 1 ? Integer.parseInt(parts[1]) : WebSocket.NORMAL_CLOSURE;
                socket.sendClose(code, parts.length > 2 ? parts[2] : "").join();
                break;
            }
            try {
                socket.sendText(line, true).join();
            } catch (CompletionException closedMeanwhile) {
                break; // the server's close is being reported
            }
        }
        if (!closed.isDone() && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
        try {
            reported.get(5, TimeUnit.SECONDS); // never returns: the close's handler prints it and ends the program
        } catch (TimeoutException noAnswer) {
            System.out.println("closed: the server did not answer the Close frame within 5 s");
        }
        System.exit(0);
    }

    /** A refused handshake says what the server answered, which is what a student needs to see. */
    private static String describe(Throwable failure) {
        if (failure instanceof java.net.http.WebSocketHandshakeException refused) {
            var response = refused.getResponse();
            Object body = response.body();
            return "the server answered HTTP " + response.statusCode()
                    + (body == null || body.toString().isEmpty() ? "" : ": " + body);
        }
        return String.valueOf(failure);
    }

    private static void usage() {
        System.err.println("usage: WsCat [--header \"Name: value\"]... ws://host:port/path");
        System.exit(2);
    }

    /** Prints what arrives and completes {@code closed} when the server closes. */
    private static final class Printer implements WebSocket.Listener {
        private final CompletableFuture<String> closed;
        private final StringBuilder text = new StringBuilder();

        Printer(CompletableFuture<String> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                System.out.println("< " + text);
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            System.out.println("< [binary, " + data.remaining() + " bytes]");
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete("closed: " + code + (reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete("connection failed: " + error);
        }
    }
}
