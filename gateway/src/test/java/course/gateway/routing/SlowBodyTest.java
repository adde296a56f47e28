package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.support.FakeUpstream;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A body with a Content-Length whose upstream pauses half-way: what it has sent reaches the client while it pauses.
 * The relay gathers what has already arrived into larger writes; it must never hold back bytes to wait for more.
 * (StreamedAnswersTest shows the same for a chunked body.)
 */
class SlowBodyTest {
    private static final String CONFIG = """
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
             "routes": [{"name": "slow", "prefix": "/slow", "upstreams": ["%s"]}]}
            """;
    private static final String FIRST = "x".repeat(20_000); // more than one of OkHttp's 8 KiB pieces
    private static final String REST = "the rest";

    /** Lets the upstream send the rest of its body. */
    private final CountDownLatch rest = new CountDownLatch(1);

    @AutoClose
    private final FakeUpstream upstream = new FakeUpstream((socket, out) -> {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + (FIRST.length() + REST.length()) + "\r\n\r\n" + FIRST).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        rest.await(60, TimeUnit.SECONDS); // longer than the client waits: see the test
        out.write(REST.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    });
    @AutoClose
    private final TestBed bed = new TestBed(CONFIG.formatted(upstream.url()));

    SlowBodyTest() throws IOException {}

    @Test
    void whatAPausedUpstreamSentReachesTheClientBeforeTheRest() throws IOException {
        try (Response response = bed.get("/slow/body")) {
            BufferedSource body = response.body().source();
            // Held back, it would arrive only after the call's timeout (TestHttp's), which ends the test first.
            assertEquals(FIRST, body.readUtf8(FIRST.length()), "the first part, while the upstream holds the rest");
            rest.countDown();
            assertEquals(REST, body.readUtf8());
        }
    }
}
