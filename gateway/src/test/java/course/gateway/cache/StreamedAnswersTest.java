package course.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.support.FakeUpstream;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Answers that a replay from the cache would misrepresent are never stored, though nothing in their headers forbids
 * it: an event stream ({@code text/event-stream}), and an answer of unknown length (chunked) that is still arriving
 * a second after its headers. The second is judged on the gateway's clock, which the test moves between two chunks;
 * the same answer, arriving at once, is stored.
 */
class StreamedAnswersTest {
    private static final String CONFIG = """
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"ttlSeconds": 30},
             "routes": [{"name": "events", "prefix": "/events", "upstreams": ["%s"]},
                        {"name": "chunks", "prefix": "/chunks", "upstreams": ["%s"]}]}
            """;

    /** Lets the chunked upstream send its last chunk. */
    private volatile CountDownLatch lastChunk = new CountDownLatch(0);

    @AutoClose
    private final FakeUpstream events = FakeUpstream.answering("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Content-Length: 22\r\nConnection: close\r\n\r\ndata: one\n\ndata: two\n\n");
    @AutoClose
    private final FakeUpstream chunks = new FakeUpstream((socket, out) -> {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\nfirst \r\n");
        out.flush();
        lastChunk.await(10, TimeUnit.SECONDS);
        write(out, "4\r\nlast\r\n0\r\n\r\n");
    });
    @AutoClose
    private final TestBed bed = new TestBed(CONFIG.formatted(events.url(), chunks.url()));

    StreamedAnswersTest() throws IOException {}

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String xCacheOf(String path) throws IOException {
        try (Response response = bed.get(path)) {
            response.body().string();
            return response.header("X-Cache");
        }
    }

    @Test
    void anEventStreamIsNeverStored() throws IOException {
        assertEquals("MISS", xCacheOf("/events/feed"));
        assertEquals("MISS", xCacheOf("/events/feed"));
        assertEquals(2, events.connections(), "both requests reached the upstream");
    }

    @Test
    void aChunkedAnswerArrivingAtOnceIsStored() throws IOException {
        assertEquals("MISS", xCacheOf("/chunks/report"));
        assertEquals("HIT", xCacheOf("/chunks/report"));
        assertEquals(1, chunks.connections());
    }

    @Test
    void aChunkedAnswerStillArrivingASecondAfterItsHeadersIsNotStored() throws Exception {
        lastChunk = new CountDownLatch(1);
        try (Response response = bed.get("/chunks/feed")) {
            BufferedSource body = response.body().source();
            assertEquals("first ", body.readUtf8(6)); // the first chunk has come through; the last is held back
            bed.clock.advance(Duration.ofSeconds(1)); // so the last chunk comes a second after the headers
            lastChunk.countDown();
            assertEquals("last", body.readUtf8());
            assertEquals("MISS", response.header("X-Cache"));
        }
        assertEquals("MISS", xCacheOf("/chunks/feed"));
        assertEquals(2, chunks.connections(), "the stream was not replayed from the cache");
    }
}
