package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.support.TestBed;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * Data integrity (issue 6): random binary bodies from 0 B to 8 MiB go up through the gateway to Service A's
 * {@code /echo} and come back down, half with a Content-Length and half chunked, four at a time; every one must
 * come back with the SHA-256 it left with. Sizes are log-uniform (most bodies small, a few near 8 MiB, about
 * 0.5 MiB on average) plus the edges around the relay's 16 KiB buffer. The default run sends 100 bodies; the
 * slow run the full 1,000 (about 0.5 GiB each way). Concurrent cache fills: {@code CacheTest}.
 */
class DataIntegrityTest {
    private static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final int[] EDGES = {0, 1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, MAX_BYTES};
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
                results.add(pool.submit(() -> echo(size, bodySeed, chunked)));
            }
            for (Future<String> result : results) {
                String failure = result.get();
                assertEquals("", failure, failure);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends one body and checks the echo; returns "" or what went wrong. */
    private String echo(int size, long seed, boolean chunked) throws IOException {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        var request = new Request.Builder().url(bed.url("/service-a/echo")).post(upload(body, chunked)).build();
        try (Response response = bed.client.newCall(request).execute()) {
            String sent = sha256(body);
            String back = sha256(response.body().bytes());
            return response.code() == 200 && sent.equals(back) ? ""
                    : size + " bytes (chunked=" + chunked + ", seed " + seed + "): status " + response.code()
                    + ", sent " + sent + ", got back " + back;
        }
    }

    private static RequestBody upload(byte[] body, boolean chunked) {
        return new RequestBody() {
            @Override public MediaType contentType() { return BINARY; }
            @Override public long contentLength() { return chunked ? -1 : body.length; }
            @Override public void writeTo(BufferedSink sink) throws IOException { sink.write(body); }
        };
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
