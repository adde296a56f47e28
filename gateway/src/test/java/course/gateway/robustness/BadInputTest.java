package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.FakeUpstream;
import course.gateway.support.Faults;
import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken requests (bad input), sent byte for byte on raw sockets. Each is answered with a
 * 4xx (or 505) in the gateway's JSON shape, or forwarded exactly as sent, and never reaches an upstream in a
 * form other than the one the gateway checked. Path traversal is {@code TraversalTest}; 413 and 431 for one big
 * header are {@code UpstreamsTest}.
 */
class BadInputTest {
    private static FakeUpstream recorder;
    private static TestBed bed;

    @BeforeAll
    static void start() throws IOException {
        recorder = Faults.answersStatus(200);
        bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]},
                            {"name": "recorded", "prefix": "/recorded", "upstreams": ["%s"]}]}
                """.formatted(recorder.url()));
    }

    @AfterAll
    static void stop() throws IOException {
        bed.close();
        recorder.close();
    }

    private static String send(String request) throws IOException {
        return RawHttp.exchange(bed.port(), request);
    }

    private static void assertRefused(String request, int... allowed) throws IOException {
        long reached = bed.serviceA.requestCount();
        String response = RawHttp.firstResponse(bed.port(), request);
        int status = RawHttp.status(response);
        assertTrue(java.util.Arrays.stream(allowed).anyMatch(s -> s == status), "got " + status + ": " + response);
        assertTrue(response.contains("Content-Type: application/json") && response.contains("\"status\":" + status),
                "the gateway's JSON error shape: " + response);
        assertEquals(reached, bed.serviceA.requestCount(), "a refused request must not reach the upstream");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GARBAGE\r\n\r\n",
        "GET /service-a/echo HTTP/9.9\r\nHost: x\r\n\r\n",
        "GET /service-a/echo\r\nHost: x\r\n\r\n",
        "GET /service-a/echo HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
        "GET /service-a/echo HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
        "GET /service-a/echo HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n",
        "GET /service-a/echo HTTP/1.1\r\nHost: x\r\nX-CR: a\rb\r\n\r\n",
        "GET /service-a/echo HTTP/1.1\r\nHost: x\r\nX-LF: a\nb\r\n\r\n",
        "GET /service-a/echo HTTP/1.1\r\nHost: x\r\nX-NUL: a\0b\r\n\r\n",
        "GET /service-a/ec\0ho HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /service-a/ec\rho HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /service-a/echo?q=a\0b HTTP/1.1\r\nHost: x\r\n\r\n",
    })
    void malformedRequestLinesAndHeadersAre400(String request) throws IOException {
        assertRefused(request, 400, 505);
    }

    @Test
    void manySmallHeadersOverTheLimitAre431() throws IOException {
        var request = new StringBuilder("GET /service-a/echo HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 400; i++) {
            request.append("X-Header-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
        }
        assertRefused(request + "\r\n", 431);
    }

    @Test
    void aHundredKibibyteQueryIs414AndOneUnderTheLimitIsForwardedIntact() throws IOException {
        assertRefused("GET /service-a/echo?q=" + "a".repeat(100 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        String query = "q=" + "b%20".repeat(1000);
        String response = send("GET /service-a/echo?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, RawHttp.status(response));
        assertTrue(response.contains("\"query\":\"" + query + "\""), "forwarded byte for byte");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Content-Length: 5\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: 5",
        "Content-Length: 5\r\nContent-Length: 40",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity",
    })
    void ambiguousBodyFramingIsRejectedAndNothingIsSmuggled(String framing) throws IOException {
        // Read by Content-Length, the body would end after "0\r\n\r\n" and the rest would be a second request.
        String smuggled = "GET /service-a/users HTTP/1.1\r\nHost: x\r\n\r\n";
        assertRefused("POST /service-a/inspect HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n\r\n0\r\n\r\n" + smuggled,
                400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "deflate, chunked"})
    void aTransferCodingOtherThanChunkedIs501(String codings) throws IOException {
        // Jetty takes the chunks apart but leaves the gzip inside, and the upstream would be sent compressed
        // bytes with nothing to say so: RFC 9112 section 6.1 answers a coding the server does not do with 501.
        assertRefused("POST /service-a/inspect HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + codings
                + "\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501);
    }

    @Test
    void aContentLengthShorterThanTheBodyForwardsOnlyThatManyBytes() throws Exception {
        recorder.received.clear();
        String response = send("POST /recorded/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /recorded/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, RawHttp.status(response));
        FakeUpstream.Received first = recorder.received.poll(5, TimeUnit.SECONDS);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), first.body());
        assertTrue(first.complete());
        // What followed the five bytes is the next request on the connection, checked like any other.
        assertTrue(recorder.received.poll(5, TimeUnit.SECONDS).head().startsWith("GET /b "));
    }

    @Test
    void aContentLengthLongerThanTheBodyNeverReachesTheUpstreamAsComplete() throws Exception {
        recorder.received.clear();
        try (var socket = new Socket("127.0.0.1", bed.port())) {
            socket.setSoTimeout(10_000);
            sendTenOfAHundredBytes(socket);
            socket.shutdownOutput(); // the client gives up after ten of its hundred bytes
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = RawHttp.status(answer);
            assertTrue(status == 400 || status == -1, "answer was: " + answer);
        }
        assertTheUpstreamNeverSawACompleteBody();
    }

    private static void sendTenOfAHundredBytes(Socket socket) throws IOException {
        socket.getOutputStream().write(("POST /recorded/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                + "only ten b").getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertTheUpstreamNeverSawACompleteBody() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> recorder.openConnections() == 0);
        FakeUpstream.Received seen = recorder.received.poll();
        if (seen != null) {
            assertFalse(seen.complete(), "the upstream saw the body cut short, not a complete one");
        }
        assertNull(recorder.received.poll());
    }

    /** Jetty's idle timeout (30 s by default) is what ends it: slow, so not in the default run. */
    @Test
    @Tag("slow")
    void aClientThatStopsSendingItsBodyIsAnswered400WithinTheIdleTimeout() throws Exception {
        recorder.received.clear();
        try (var socket = new Socket("127.0.0.1", bed.port())) {
            socket.setSoTimeout(60_000);
            sendTenOfAHundredBytes(socket); // ... and then nothing, with the connection left open
            long started = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(400, RawHttp.status(answer), answer);
            assertTrue(tookMs < 40_000, "took " + tookMs + " ms");
        }
        assertTheUpstreamNeverSawACompleteBody();
    }
}
