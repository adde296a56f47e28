package course.gateway.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One dashboard page's event stream (server-sent events: {@code event:} and {@code data:} lines). Request threads
 * only {@link #offer} entries to a bounded queue and never wait for the page; the page's own request thread sends
 * them in batches four times a second, and the overview once a second. A page that reads slowly loses feed entries
 * (counted, and the page says so), never the gateway's memory; one that stops reading holds only its own thread,
 * until the connection's idle timeout ends it.
 */
final class OpenPage {
    /** Entries a page may be behind by; past this, new ones are dropped and counted. */
    static final int FEED_BUFFER = 500;
    private static final long FEED_EVERY_MS = 250;
    private static final int OVERVIEW_EVERY = 4; // feed rounds, so once a second
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Overview> overview;
    private final Traffic traffic;
    private final BlockingQueue<FeedEntry> feed = new ArrayBlockingQueue<>(FEED_BUFFER);
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);

    OpenPage(Supplier<Overview> overview, Traffic traffic) {
        this.overview = overview;
        this.traffic = traffic;
    }

    /** Called on request threads: queue the entry, or count it as dropped if the page is too far behind. */
    void offer(FeedEntry entry) {
        if (!feed.offer(entry)) {
            dropped.incrementAndGet();
        }
    }

    /** Ends the stream at the next round (the page's script reconnects if the gateway is still there). */
    void close() {
        closed.countDown();
    }

    /**
     * Follows the traffic and writes it to {@code out} until the page goes away (a write fails) or {@link #close}
     * is called. Runs on the page's own request thread, so a page never holds more than that thread.
     */
    void stream(OutputStream out) throws InterruptedException {
        traffic.subscribe(this);
        try {
            for (long round = 0; closed.getCount() > 0; round++) {
                var batch = new ArrayList<FeedEntry>();
                feed.drainTo(batch);
                long lost = dropped.getAndSet(0);
                if (!batch.isEmpty() || lost > 0) {
                    write(out, "requests", new Requests(batch, lost));
                }
                if (round % OVERVIEW_EVERY == 0) {
                    write(out, "overview", overview.get());
                }
                out.flush();
                closed.await(FEED_EVERY_MS, TimeUnit.MILLISECONDS);
            }
        } catch (IOException pageGone) {
            // the page was closed or reloaded: nothing to tell anyone
        } finally {
            traffic.unsubscribe(this);
        }
    }

    private static void write(OutputStream out, String event, Object data) throws IOException {
        try {
            // Compact JSON has no line breaks, so one data line carries the whole event.
            out.write(("event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** One batch of the feed, oldest first, and how many entries were dropped since the last batch. */
    record Requests(List<FeedEntry> entries, long dropped) {}
}
