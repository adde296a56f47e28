package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.Sha256;
import course.gateway.support.TestBed;
import course.servicea.SeededBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Data integrity: random binary bodies from 0 B to 8 MiB, four at a time, each checked by SHA-256.
 * Up: to Service A's {@code /inspect}, which reports the SHA-256 of what it received, half with a Content-Length
 * and half chunked. Down: Service A's {@code /bytes/N?seed=S} (seeded random bytes, with a Content-Length), and,
 * for bodies up to 1 MiB, {@code /echo} of a chunked upload, which answers chunked. (A larger streaming echo does
 * not fit through a gateway that reads the answer only after sending the whole body: see
 * {@code UpstreamFaultsTest}.) Sizes are log-uniform (most bodies small, a few near 8 MiB, about 0.5 MiB on
 * average) plus the edges around the relay's 16 KiB buffer. The default run has 100 bodies; the slow run the
 * full 1,000 (about 0.5 GiB each way). Concurrent cache fills: {@code CacheStepTest}.
 */
class DataIntegrityTest {
    private static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final int[] EDGES = {0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, MAX_BYTES};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType BINARY = MediaType.get("application/octet-stream");
    @AutoClose
    private final TestBed bed = new TestBed();

    @Test
    void aHundredRandomBodiesComeBackByteIdentical() throws Exception {
        roundTrip(100, 6_2026L);
    }

    @Test
    @Tag("slow")
    void aThousandRandomBodiesComeBackByteIdentical() throws Exception {
        roundTrip(1000, 1_000_2026L);
    }

    private void roundTrip(int count, long seed) throws Exception {
        var random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            var results = new ArrayList<Future<String>>();
            for (int i = 0; i < count; i++) {
                int size = i < EDGES.length ? EDGES[i] : (int) Math.pow(MAX_BYTES, random.nextDouble());
                long bodySeed = random.nextLong();
                boolean chunked = i % 2 == 1;
                results.add(pool.submit(() -> upAndDown(size, bodySeed, chunked)));
            }
            for (Future<String> result : results) {
                String failure = result.get();
                assertEquals("", failure, failure);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends one body up and fetches one down; returns "" or what went wrong. */
    private String upAndDown(int size, long seed, boolean chunked) throws Exception {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        String expected = Sha256.of(body);
        String what = size + " bytes (chunked=" + chunked + ", seed " + seed + ")";
        var upload = new Request.Builder().url(bed.url("/service-a/inspect")).post(upload(body, chunked)).build();
        try (Response response = bed.client.newCall(upload).execute()) {
            String received = JSON.readTree(response.body().string()).path("bodySha256").asText();
            if (!expected.equals(received)) {
                return what + " up: status " + response.code() + ", upstream received " + received;
            }
        }
        try (Response response = bed.get("/service-a/bytes/" + size + "?seed=" + seed)) {
            String sent = Sha256.of(SeededBytes.stream(seed, size));
            String got = Sha256.of(response.body().byteStream());
            if (response.code() != 200 || !sent.equals(got)) {
                return what + " down: status " + response.code() + ", expected " + sent + ", got " + got;
            }
        }
        if (size <= 1024 * 1024) {
            var echo = new Request.Builder().url(bed.url("/service-a/echo")).post(upload(body, true)).build();
            try (Response response = bed.client.newCall(echo).execute()) {
                String got = Sha256.of(response.body().bytes());
                if (response.code() != 200 || !expected.equals(got)) {
                    return what + " down by echo: status " + response.code() + ", got " + got;
                }
            }
        }
        return "";
    }

    private static RequestBody upload(byte[] body, boolean chunked) {
        return new RequestBody() {
            @Override public MediaType contentType() { return BINARY; }
            @Override public long contentLength() { return chunked ? -1 : body.length; }
            @Override public void writeTo(BufferedSink sink) throws IOException { sink.write(body); }
        };
    }
}
