package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.FakeUpstream;
import course.gateway.support.Faults;
import course.gateway.support.Sha256;
import course.gateway.support.TestBed;
import course.servicea.SeededBytes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Faulty upstreams: every fault ends in the right status, or in a visibly broken response, within the
 * route's timeout; no fault ever passes a truncated body off as complete. Refused connections, malformed answers
 * and 5xx bursts have their tests in {@code ErrorsTest} and {@code BreakerStepTest}.
 */
class UpstreamFaultsTest {
    private static final int TIMEOUT_MS = 500;
    @AutoClose
    private final TestBed bed = new TestBed();

    private void routeTo(FakeUpstream upstream) {
        bed.startGateway("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "faulty", "prefix": "/faulty", "upstreams": ["%s"], "timeoutMs": %d},
                            {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(upstream.url(), TIMEOUT_MS));
    }

    private static long millis(Response response) {
        return response.receivedResponseAtMillis() - response.sentRequestAtMillis();
    }

    @Test
    void anUpstreamThatAcceptsAndNeverAnswersIs504AtTheRouteTimeout() throws Exception {
        try (var upstream = Faults.neverAnswers()) {
            routeTo(upstream);
            try (Response response = bed.get("/faulty/x")) {
                assertEquals(504, response.code());
                // Not before the route's timeout. (How long after it depends on the machine; the client's own
                // 10 s read timeout is what would catch a gateway that never answered.)
                assertTrue(millis(response) >= TIMEOUT_MS - 50, "took " + millis(response) + " ms");
            }
        }
    }

    @Test
    void headersThenSilenceEndsWithin504OrABrokenBodyInBoundedTime() throws Exception {
        String headersOnly = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
        String headersAndSome = headersOnly + "z".repeat(1000);
        for (String sent : new String[] {headersOnly, headersAndSome}) {
            try (var upstream = Faults.stallsAfter(sent)) {
                routeTo(upstream);
                try (Response response = bed.get("/faulty/x")) {
                    if (response.code() == 200) {
                        IOException broken = assertThrows(IOException.class, () -> response.body().bytes(),
                                "a stalled body must break");
                        // Broken by the gateway at its route timeout, not by this client's own read timeout.
                        assertFalse(broken instanceof SocketTimeoutException, broken.toString());
                    } else {
                        assertEquals(504, response.code(), "nothing relayed yet: a clean 504");
                    }
                }
            }
        }
    }

    @Test
    void aResetMidBodyIsNeverPresentedAsComplete() throws Exception {
        String withLength = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "r".repeat(30_000);
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7530\r\n" + "s".repeat(30_000) + "\r\n";
        for (String sent : new String[] {withLength, chunked}) {
            try (var upstream = Faults.resetsAfter(sent)) {
                routeTo(upstream);
                try (Response response = bed.get("/faulty/x")) {
                    if (response.code() == 200) {
                        assertThrows(IOException.class, () -> response.body().bytes(), "a reset body must break");
                    } else {
                        assertEquals(502, response.code());
                    }
                }
            }
        }
    }

    /**
     * A known limit, pinned here: OkHttp speaks HTTP/1.1 half duplex, reading the answer only once the whole
     * request body is sent. An upstream that streams its answer while still reading a body larger than the socket
     * buffers (Service A's /echo with 32 MiB) blocks on its writes, stops reading, and the gateway's write times
     * out: a 504 at the route timeout, never a hang and never a corrupted body.
     */
    @Test
    void anUpstreamThatAnswersWhileStillReadingAHugeBodyEndsIn504OrIntact() throws Exception {
        byte[] body = SeededBytes.stream(3, 32 * 1024 * 1024).readAllBytes();
        var request = new Request.Builder().url(bed.url("/service-a/echo"))
                .post(RequestBody.create(body, MediaType.get("application/octet-stream"))).build();
        // A hang would end in this client's own timeouts (10 s without progress), as an exception.
        try (Response response = bed.client.newCall(request).execute()) {
            if (response.code() == 200) {
                assertEquals(Sha256.of(body), Sha256.of(response.body().bytes()));
            } else {
                assertEquals(504, response.code());
            }
        }
    }

    @Test
    void aSlowRouteDoesNotSlowTheOthers() throws Exception {
        var slow = Faults.neverAnswers();
        // A route timeout longer than this test: the slow requests stay held until the upstream is closed.
        bed.startGateway("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "faulty", "prefix": "/faulty", "upstreams": ["%s"], "timeoutMs": 60000},
                            {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(slow.url()));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            var stuck = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 20; i++) {
                stuck.add(pool.submit(() -> {
                    try (Response response = bed.get("/faulty/x")) {
                        return response.code();
                    }
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> slow.openConnections() == 20);
            for (int i = 0; i < 20; i++) {
                try (Response response = bed.get("/service-a/items/" + (i + 1))) {
                    assertEquals(200, response.code());
                    // Answered while all 20 slow requests are still held: it waited for none of them.
                    assertEquals(20, slow.openConnections(), "the fast route answered only after a slow one");
                }
            }
            slow.close(); // the upstream goes away: each held request fails cleanly
            for (Future<Integer> request : stuck) {
                assertEquals(502, request.get());
            }
        } finally {
            pool.shutdownNow();
            slow.close();
        }
    }
}
