package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.servicea.ServiceA;
import course.testkit.ClosedPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Several upstreams per route: round robin, retries on refused connections, and the request-body limit. */
class UpstreamsTest {
    @Test
    void severalUpstreamsAreUsedInTurn() throws IOException {
        ServiceA second = ServiceA.start("127.0.0.1", 0, "service-a-2");
        try (var bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "lb", "prefix": "/lb", "upstreams": ["${A}", "http://127.0.0.1:%d"]}]}
                """.formatted(second.port()))) {
            var servedBy = new ArrayList<String>();
            for (int i = 0; i < 4; i++) {
                try (Response response = bed.get("/lb/users")) {
                    servedBy.add(response.header("X-Served-By"));
                }
            }
            assertEquals(List.of("service-a", "service-a-2", "service-a", "service-a-2"), servedBy);
        } finally {
            second.stop();
        }
    }

    @Test
    void idempotentRequestsAreRetriedOnTheNextUpstreamWhenOneRefuses() throws IOException {
        try (var closed = ClosedPort.reserve(); var bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "breaker": {"enabled": false},
                 "routes": [{"name": "lb", "prefix": "/lb", "upstreams": ["http://127.0.0.1:%d", "${A}"],
                             "retries": 1}]}
                """.formatted(closed.port()))) {
            for (int i = 0; i < 4; i++) {
                try (Response response = bed.get("/lb/users")) {
                    assertEquals(200, response.code(), "GET " + i + " is retried on the live upstream");
                }
            }
            var statuses = new ArrayList<Integer>();
            for (int i = 0; i < 2; i++) {
                var post = new Request.Builder().url(bed.url("/lb/echo")).post(RequestBody.create("x".getBytes()));
                try (Response response = bed.client.newCall(post.build()).execute()) {
                    statuses.add(response.code());
                }
            }
            assertTrue(statuses.contains(502), "a POST is never retried: " + statuses);
            assertTrue(statuses.contains(200), statuses.toString());
        }
    }

    @Test
    void anOpenCircuitIsSkippedInTheRotation() throws IOException {
        try (var closed = ClosedPort.reserve(); var bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "breaker": {"failureThreshold": 1},
                 "routes": [{"name": "lb", "prefix": "/lb", "upstreams": ["http://127.0.0.1:%d", "${A}"],
                             "retries": 0}]}
                """.formatted(closed.port()))) {
            try (Response first = bed.get("/lb/users")) {
                assertEquals(502, first.code(), "the dead upstream's one failure opens its circuit");
            }
            for (int i = 0; i < 4; i++) {
                try (Response response = bed.get("/lb/users")) {
                    assertEquals(200, response.code(), "request " + i + " skips the open circuit");
                }
            }
        }
    }

    @Test
    void bodiesOverTheLimitAre413WithLengthOrChunked() throws IOException {
        try (var bed = new TestBed("""
                {"server": {"port": 0, "maxRequestBodyBytes": 1000}, "rateLimit": {"enabled": false},
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """)) {
            long reached = bed.serviceA.requestCount();
            String withLength = RawHttp.exchange(bed.port(), "POST /service-a/inspect HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\nContent-Length: 1001\r\n\r\n" + "a".repeat(1001));
            assertEquals(413, RawHttp.status(withLength));
            assertEquals(reached, bed.serviceA.requestCount(), "refused before forwarding");
            String chunked = RawHttp.exchange(bed.port(), "POST /service-a/inspect HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3e8\r\n" + "b".repeat(1000) + "\r\n1\r\nc\r\n0\r\n\r\n");
            assertEquals(413, RawHttp.status(chunked));
            String fits = RawHttp.exchange(bed.port(), "POST /service-a/inspect HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\nContent-Length: 1000\r\n\r\n" + "a".repeat(1000));
            assertEquals(200, RawHttp.status(fits));
        }
    }

    @Test
    void headersOverTheLimitAre431() throws IOException {
        try (var bed = new TestBed()) {
            String response = RawHttp.exchange(bed.port(), "GET /service-a/users HTTP/1.1\r\nHost: x\r\n"
                    + "X-Big: " + "h".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
            assertEquals(431, RawHttp.status(response));
            assertTrue(response.contains("\"status\":431"), response);
        }
    }
}
