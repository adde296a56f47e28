package course.serviceb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A tiny WebSocket client for trying the course by hand, with nothing to install:
 * {@code java -cp service-b/target/service-b.jar course.serviceb.WsCat [--header "Name: value"]... URL},
 * for example {@code ... WsCat --header "X-API-Key: my-key" ws://localhost:8000/service-b/ws}.
 * Each line typed is sent as a text message; every message received is printed ("&lt; text" or
 * "&lt; [binary, N bytes]"). End input (Ctrl-D) to close with 1000, or type {@code /close CODE REASON}.
 *
 * <p>Two more ways to run it try out backpressure; each prints its progress once a second:
 * <ul>
 *   <li>{@code --flood BYTES} (such as 65536, 64K or 1M) sends binary messages of that size, each as soon as the
 *       last has been written to the connection, so a receiver that stops reading slows it down and stops it
 *       ("stalled"). What comes back is read and dropped.</li>
 *   <li>{@code --no-read} holds the connection and reads nothing, so what the server sends waits in TCP. Press
 *       Enter to start reading (and dropping) what waits.</li>
 * </ul>
 * Either ends with Ctrl-C or with the server's close ("closed: CODE REASON"). A Close frame comes after
 * everything sent before it, so with {@code --no-read} it is seen only once reading has started.
 */
public final class WsCat {
    static final String USAGE =
            "usage: WsCat [--header \"Name: value\"]... [--flood BYTES | --no-read] ws://host:port/path";
    /** The largest {@code --flood} message: more than any course server takes (16M), to try their 1009. */
    static final int MAX_FLOOD_BYTES = 256 * 1024 * 1024;
    // Prints the lines once a second. Not a daemon thread: with --no-read and no input to wait for (not a terminal),
    // it is what keeps the program running.
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "wscat-progress"));
    /** What --flood has sent, or --no-read has read once asked to: its total is printed before the close. */
    private static volatile Progress counting;

    private WsCat() {}

    /** What the command line asked for; {@code floodBytes} is 0 unless {@code --flood} was given. */
    private record Options(List<String[]> headers, int floodBytes, boolean noRead, URI url) {
        /** The options, or an {@link IllegalArgumentException} that says what is wrong with them. */
        static Options parse(String[] args) {
            var headers = new ArrayList<String[]>();
            int floodBytes = 0;
            boolean noRead = false;
            String url = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--header" -> {
                        String header = valueAfter(args, i++);
                        String[] nameAndValue = header.split(":", 2);
                        if (nameAndValue.length != 2 || nameAndValue[0].isBlank()) {
                            throw new IllegalArgumentException("--header takes \"Name: value\", got '" + header + "'");
                        }
                        headers.add(new String[] {nameAndValue[0].trim(), nameAndValue[1].trim()});
                    }
                    case "--flood" -> floodBytes = floodSize(valueAfter(args, i++));
                    case "--no-read" -> noRead = true;
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        if (url != null) {
                            throw new IllegalArgumentException("one URL only, got '" + url + "' and '" + args[i] + "'");
                        }
                        url = args[i];
                    }
                }
            }
            if (floodBytes > 0 && noRead) {
                throw new IllegalArgumentException("--flood and --no-read do not go together");
            }
            if (url == null) {
                throw new IllegalArgumentException("no URL given");
            }
            return new Options(headers, floodBytes, noRead, webSocketUrl(url));
        }

        private static String valueAfter(String[] args, int i) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            return args[i + 1];
        }

        private static int floodSize(String text) {
            try {
                return ByteSize.parse(text, MAX_FLOOD_BYTES);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("--flood takes " + bad.getMessage());
            }
        }

        private static URI webSocketUrl(String text) {
            try {
                URI url = new URI(text);
                String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
                boolean webSocket = scheme.equals("ws") || scheme.equals("wss");
                if (webSocket && url.getHost() != null && url.getFragment() == null) {
                    return url;
                }
            } catch (URISyntaxException notAUrl) {
                // said below
            }
            throw new IllegalArgumentException("the URL must be ws://host:port/path (or wss://), got '" + text + "'");
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        WebSocket.Builder builder;
        try {
            options = Options.parse(args);
            builder = HttpClient.newHttpClient().newWebSocketBuilder();
            for (String[] header : options.headers()) {
                builder.header(header[0], header[1]);
            }
        } catch (IllegalArgumentException bad) {
            System.err.println("WsCat: " + bad.getMessage() + "; " + USAGE);
            System.exit(2);
            return;
        }
        var closed = new CompletableFuture<String>();
        // A close is shown the moment it comes, not after the next line typed: the reading below blocks meanwhile.
        CompletableFuture<Void> reported = closed.thenAccept(outcome -> {
            Progress counted = counting;
            if (counted != null) {
                System.out.println(counted.total() + " in all");
            }
            System.out.println(outcome);
            System.exit(0);
        });
        var receiver = new Receiver(closed, options.floodBytes() == 0 && !options.noRead(), !options.noRead());
        WebSocket socket = builder
                .buildAsync(options.url(), receiver)
                .exceptionally(failure -> {
                    System.err.println("could not connect: " + describe(failure));
                    System.exit(1);
                    return null;
                }).join();
        if (options.floodBytes() > 0) {
            flood(socket, options, reported);
        } else if (options.noRead()) {
            holdWithoutReading(socket, options, receiver);
        } else {
            talk(socket, options, closed, reported);
        }
    }

    /** The default: each line typed goes out as a text message; end of input closes with 1000. */
    private static void talk(WebSocket socket, Options options, CompletableFuture<String> closed,
                             CompletableFuture<Void> reported) throws Exception {
        System.out.println("connected to " + options.url() + " (type a line to send it, Ctrl-D to close)");
        var input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; !closed.isDone() && (line = input.readLine()) != null; ) {
            if (line.startsWith("/close")) {
                if (closeAsTyped(socket, line)) {
                    break;
                }
                continue;
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
        awaitReport(reported, "closed: the server did not answer the Close frame within 5 s");
    }

    /**
     * Sends the Close frame a {@code /close [CODE [REASON]]} line asks for; false, having said why, when the line
     * asks for one a client may not send (a code that is not a number, or not 1000 or 3000-4999; a reason over
     * 123 bytes), so that the user can type another.
     */
    private static boolean closeAsTyped(WebSocket socket, String line) {
        String[] parts = line.split(" ", 3);
        try {
            int code = parts.length > 1 ? Integer.parseInt(parts[1]) : WebSocket.NORMAL_CLOSURE;
            socket.sendClose(code, parts.length > 2 ? parts[2] : "").join();
            return true;
        } catch (NumberFormatException notANumber) {
            // said below
        } catch (CompletionException refused) {
            if (!(refused.getCause() instanceof IllegalArgumentException)) {
                return true; // the connection is closing anyway: its close is being reported
            }
        }
        System.out.println("not sent: /close takes a code a client may send (1000, or 3000 to 4999) and an optional"
                + " reason of at most 123 bytes, e.g. /close 4000 bye");
        return false;
    }

    /** {@code --flood}: one binary message after another, each once the last is written, until the end. */
    private static void flood(WebSocket socket, Options options, CompletableFuture<Void> reported)
            throws Exception {
        int size = options.floodBytes();
        System.out.println("connected to " + options.url() + " (sending " + size + "-byte binary messages, each once"
                + " the last is written; what comes back is dropped; Ctrl-C to stop)");
        var sent = new Progress("sent", "nothing went out");
        counting = sent;
        everySecond(sent::line);
        byte[] message = new byte[size];
        try {
            while (true) { // until a send fails: the report of the server's close ends the program first
                socket.sendBinary(ByteBuffer.wrap(message), true).join();
                sent.add(size, true);
            }
        } catch (CompletionException sendFailed) {
            awaitReport(reported, "connection failed: " + sendFailed.getCause());
        }
    }

    /** {@code --no-read}: reads nothing until Enter is pressed, then reads what waits and drops it. */
    private static void holdWithoutReading(WebSocket socket, Options options, Receiver receiver) throws IOException {
        System.out.println("connected to " + options.url() + " (reading nothing: what the server sends waits;"
                + " Enter starts reading it, Ctrl-C stops)");
        var seconds = new AtomicInteger();
        ScheduledFuture<?> holding = everySecond(() -> "holding the connection for " + seconds.incrementAndGet()
                + " s, reading nothing");
        var input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (input.readLine() == null) {
            return; // no input to wait for: hold until Ctrl-C (the once-a-second line keeps the program running)
        }
        holding.cancel(false);
        System.out.println("reading what the server sent; its close, if any, comes after it");
        counting = receiver.received;
        everySecond(receiver.received::line);
        socket.request(1);
    }

    /** Waits up to 5 s for the server's close to be reported (that ends the program); else prints {@code otherwise}. */
    private static void awaitReport(CompletableFuture<Void> reported, String otherwise) throws Exception {
        try {
            reported.get(5, TimeUnit.SECONDS); // never returns: the close's handler prints it and ends the program
        } catch (TimeoutException noAnswer) {
            System.out.println(otherwise);
        }
        System.exit(0);
    }

    /** Prints {@code line} once a second from now on. */
    private static ScheduledFuture<?> everySecond(Supplier<String> line) {
        return TIMER.scheduleAtFixedRate(() -> System.out.println(line.get()), 1, 1, TimeUnit.SECONDS);
    }

    /** A refused handshake says what the server answered, which is what a student needs to see. */
    private static String describe(Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof java.net.http.WebSocketHandshakeException refused) {
            var response = refused.getResponse();
            Object body = response.body();
            return "the server answered HTTP " + response.statusCode()
                    + (body == null || body.toString().isEmpty() ? "" : ": " + body);
        }
        return String.valueOf(failure);
    }

    /** Messages and bytes that went one way, for a line once a second that also says when none moved. */
    private static final class Progress {
        private final String verb;
        private final String idle;
        private final AtomicLong messages = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private long lastReported = -1;

        Progress(String verb, String idle) {
            this.verb = verb;
            this.idle = idle;
        }

        void add(long count, boolean endOfMessage) {
            bytes.addAndGet(count);
            if (endOfMessage) {
                messages.incrementAndGet();
            }
        }

        /** "sent 12 messages (12.0 MiB)". */
        String total() {
            return String.format(Locale.ROOT, "%s %d messages (%.1f MiB)", verb, messages.get(),
                    bytes.get() / (1024.0 * 1024));
        }

        /** The total, and ", stalled: ..." when nothing moved since the last line. */
        synchronized String line() {
            long now = bytes.get();
            boolean stalled = now == lastReported;
            lastReported = now;
            return stalled ? total() + ", stalled: " + idle + " in the last second" : total();
        }
    }

    /**
     * Takes what arrives: prints each message ("&lt; ..."), or only counts it, and completes {@code closed} when the
     * server closes. Reads from the start, or (for {@code --no-read}) only once {@code request} is first called.
     */
    private static final class Receiver implements WebSocket.Listener {
        private final CompletableFuture<String> closed;
        private final boolean print;
        private final boolean readAtOnce;
        private final StringBuilder text = new StringBuilder();
        final Progress received = new Progress("received", "nothing came in");

        Receiver(CompletableFuture<String> closed, boolean print, boolean readAtOnce) {
            this.closed = closed;
            this.print = print;
            this.readAtOnce = readAtOnce;
        }

        @Override
        public void onOpen(WebSocket socket) {
            if (readAtOnce) {
                socket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (print) {
                text.append(data);
                if (last) {
                    System.out.println("< " + text);
                    text.setLength(0);
                }
            } else {
                received.add(data.toString().getBytes(StandardCharsets.UTF_8).length, last);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            if (print) {
                System.out.println("< [binary, " + data.remaining() + " bytes]");
            } else {
                received.add(data.remaining(), last);
            }
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
