package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.Sha256;
import course.gateway.support.TestBed;
import course.servicea.SeededBytes;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Large bodies pass through byte-identical, in both directions, with and without a Content-Length. */
class StreamingTest {
    private static final long FIFTY_MIB = 50L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private static final TestBed bed = new TestBed();

    /** A body of seeded bytes, sent with a length or, when {@code length} is -1 here, chunked. */
    static RequestBody seededBody(long size, boolean chunked) {
        return new RequestBody() {
            @Override public MediaType contentType() { return MediaType.get("application/octet-stream"); }
            @Override public long contentLength() { return chunked ? -1 : size; }
            @Override public void writeTo(BufferedSink sink) throws IOException {
                sink.writeAll(Okio.source(SeededBytes.stream(7, size)));
            }
        };
    }

    @Test
    void fiftyMebibyteDownloadArrivesByteIdentical() throws Exception {
        try (Response response = bed.get("/service-a/bytes/" + FIFTY_MIB + "?seed=5")) {
            assertEquals(200, response.code());
            assertEquals(String.valueOf(FIFTY_MIB), response.header("Content-Length"));
            assertEquals(Sha256.of(SeededBytes.stream(5, FIFTY_MIB)), Sha256.of(response.body().byteStream()));
        }
    }

    @Test
    void fiftyMebibyteUploadArrivesByteIdenticalWithLengthAndChunked() throws Exception {
        String expected = Sha256.of(SeededBytes.stream(7, FIFTY_MIB));
        for (boolean chunked : new boolean[] {false, true}) {
            var request = new Request.Builder().url(bed.url("/service-a/inspect"))
                    .post(seededBody(FIFTY_MIB, chunked)).build();
            try (Response response = bed.client.newCall(request).execute()) {
                JsonNode seen = JSON.readTree(response.body().string());
                assertEquals(FIFTY_MIB, seen.get("bodyBytes").asLong(), "chunked=" + chunked);
                assertEquals(expected, seen.get("bodySha256").asText(), "chunked=" + chunked);
                assertEquals(chunked, seen.get("headers").has("Transfer-Encoding"));
            }
        }
    }

    @Test
    void echoRoundTripKeepsEveryByteAndTheContentType() throws Exception {
        byte[] body = SeededBytes.stream(11, 3 * 1024 * 1024 + 17).readAllBytes();
        var request = new Request.Builder().url(bed.url("/service-a/echo"))
                .put(RequestBody.create(body, MediaType.get("application/x-custom"))).build();
        try (Response response = bed.client.newCall(request).execute()) {
            assertEquals("application/x-custom", response.header("Content-Type"));
            assertArrayEquals(body, response.body().bytes());
        }
    }
}
