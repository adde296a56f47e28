package course.gateway.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The dashboard's event stream as a test reads it: a real HTTP connection to {@code /gateway/ui/events}, whose
 * events (name and JSON data) a reader thread queues as they arrive.
 */
final class EventStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Only against a hang: every wait ends as soon as the awaited event arrives. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    final Response response;
    private final Call call;
    private Thread reader;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    record Event(String name, JsonNode data) {}

    EventStream(OkHttpClient client, String url, String authorization) throws IOException {
        var request = new Request.Builder().url(url).header("Accept", "text/event-stream");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        call = client.newBuilder().readTimeout(Duration.ZERO).callTimeout(Duration.ZERO).build().newCall(request.build());
        response = call.execute();
        if (response.isSuccessful()) {
            reader = new Thread(() -> read(response.body().source()), "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read(BufferedSource source) {
        try {
            String name = null;
            for (String line; (line = source.readUtf8Line()) != null; ) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new Event(name, JSON.readTree(line.substring(6))));
                }
            }
        } catch (IOException | IllegalStateException closed) {
            // the test or the gateway ended the stream
        }
        events.add(new Event("end", null));
    }

    /** The next event named {@code name} whose data matches, skipping others; fails after the guard. */
    JsonNode next(String name, Predicate<JsonNode> matching) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && event.name().equals("end")) {
                throw new AssertionError("the stream ended before a matching '" + name + "' event");
            }
            if (event != null && event.name().equals(name) && matching.test(event.data())) {
                return event.data();
            }
        }
        throw new AssertionError("no matching '" + name + "' event within " + GUARD.toSeconds() + " s");
    }

    /** Waits until the gateway ends the stream. */
    void awaitEnd() throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && event.name().equals("end")) {
                return;
            }
        }
        throw new AssertionError("the stream did not end within " + GUARD.toSeconds() + " s");
    }

    @Override
    public void close() {
        // Okio's buffers belong to one thread: the reader may be inside readUtf8Line, so closing the response from
        // here raced it (an IndexOutOfBoundsException on a slow machine). Cancelling the call is thread-safe and
        // ends the read; the response is closed once the reader has stopped.
        call.cancel();
        if (reader != null) {
            try {
                reader.join(GUARD.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        response.close();
    }
}
