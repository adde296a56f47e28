package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.support.FakeUpstream;
import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Step 1 over real sockets: what arrives upstream, and what comes back to the client. */
class ForwardingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private static final TestBed bed = new TestBed();

    /** What Service A's /inspect saw of a request sent through the gateway. */
    private static JsonNode inspect(Request.Builder request) throws IOException {
        try (Response response = bed.client.newCall(request.build()).execute()) {
            assertEquals(200, response.code());
            return JSON.readTree(response.body().string());
        }
    }

    @Test
    void forwardsEveryMethodWithPrefixStrippedAndBodyIntact() throws IOException {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            JsonNode seen = inspect(new Request.Builder().url(bed.url("/service-a/inspect/a/b"))
                    .method(method, RequestBody.create("body of " + method, null)));
            assertEquals(method, seen.get("method").asText());
            assertEquals("/inspect/a/b", seen.get("path").asText());
            assertEquals(("body of " + method).length(), seen.get("bodyBytes").asInt(), method);
        }
        for (String method : List.of("GET", "DELETE", "OPTIONS")) {
            JsonNode seen = inspect(new Request.Builder().url(bed.url("/service-a/inspect")).method(method, null));
            assertEquals(method, seen.get("method").asText());
            assertEquals(0, seen.get("bodyBytes").asInt());
        }
    }

    @Test
    void headKeepsTheHeadersOfGetWithoutABody() throws IOException {
        var head = new Request.Builder().url(bed.url("/service-a/bytes/1234")).head().build();
        try (Response response = bed.client.newCall(head).execute()) {
            assertEquals(200, response.code());
            assertEquals("1234", response.header("Content-Length"));
            assertEquals("application/octet-stream", response.header("Content-Type"));
            assertEquals(0, response.body().bytes().length);
        }
    }

    @Test
    void rawQueryStringArrivesUnchanged() throws IOException {
        String query = "q=a%20b&slash=%2F&plus=a+b&empty=&check=%E2%9C%93&dup=1&dup=2&flag";
        JsonNode seen = inspect(new Request.Builder().url(bed.url("/service-a/inspect?" + query)));
        assertEquals(query, seen.get("query").asText());
    }

    @Test
    void endToEndHeadersPassBothWays() throws IOException {
        var request = new Request.Builder().url(bed.url("/service-a/inspect"))
                .header("X-Custom", "one").addHeader("X-Multi", "a").addHeader("X-Multi", "b")
                .header("Authorization", "Bearer token").header("Content-Type", "text/x-raw; charset=odd")
                .post(RequestBody.create(new byte[] {1, 2, 3}));
        try (Response response = bed.client.newCall(request.build()).execute()) {
            JsonNode headers = JSON.readTree(response.body().string()).get("headers");
            assertEquals("one", headers.get("X-Custom").get(0).asText());
            assertEquals("[\"a\",\"b\"]", headers.get("X-Multi").toString());
            assertEquals("Bearer token", headers.get("Authorization").get(0).asText());
            assertEquals("text/x-raw; charset=odd", headers.get("Content-Type").get(0).asText());
            // Service A's own response headers come back to the client.
            assertEquals("service-a", response.header("X-Served-By"));
            assertTrue(Long.parseLong(response.header("X-Request-Count")) > 0);
        }
    }

    @Test
    void hopByHopRequestHeadersAreDropped() throws IOException {
        String response = RawHttp.exchange(bed.port(), "GET /service-a/echo HTTP/1.1\r\n"
                + "Host: gw.test\r\nConnection: close, X-Private\r\nX-Private: secret\r\nKeep-Alive: timeout=5\r\n"
                + "TE: trailers\r\nProxy-Authorization: Basic abc\r\nX-Kept: yes\r\n\r\n");
        assertEquals(200, RawHttp.status(response));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        JsonNode headers = JSON.readTree(body).get("headers");
        assertEquals("yes", headers.get("X-Kept").get(0).asText());
        for (String dropped : List.of("X-Private", "Keep-Alive", "TE", "Proxy-Authorization")) {
            assertNull(headers.get(dropped), dropped + " must not reach the upstream");
        }
        assertFalse(headers.has("Connection") && headers.get("Connection").toString().contains("X-Private"));
    }

    @Test
    void hopByHopResponseHeadersAreDropped() throws Exception {
        try (var upstream = FakeUpstream.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: X-Upstream-Private\r\nX-Upstream-Private: x\r\nKeep-Alive: timeout=5\r\n"
                + "Proxy-Thing: y\r\nX-Public: ok\r\n\r\nhi")) {
            bed.startGateway("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false}, "routes": [{"name": "fake", "prefix": "/fake", "upstreams": ["%s"]}]}
                    """.formatted(upstream.url()));
            try (Response response = bed.get("/fake/x")) {
                assertEquals("hi", response.body().string());
                assertEquals("ok", response.header("X-Public"));
                assertNull(response.header("X-Upstream-Private"));
                assertNull(response.header("Proxy-Thing"));
                assertNull(response.header("Keep-Alive"));
            }
        } finally {
            bed.startGateway(TestBed.DEFAULT_CONFIG);
        }
    }

    @Test
    void repeatedResponseHeadersKeepEveryValueInOrder() throws Exception {
        try (var upstream = FakeUpstream.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Set-Cookie: a=1\r\nX-Between: b\r\nset-cookie: c=3\r\nDate: Mon, 02 Jan 2006 15:04:05 GMT\r\n\r\nhi")) {
            bed.startGateway("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false}, "routes": [{"name": "fake", "prefix": "/fake", "upstreams": ["%s"]}]}
                    """.formatted(upstream.url()));
            try (Response response = bed.get("/fake/x")) {
                assertEquals(List.of("a=1", "c=3"), response.headers("Set-Cookie"));
                assertEquals("b", response.header("X-Between"));
                // The upstream's Date replaces the one Jetty would set: one Date, the upstream's.
                assertEquals(List.of("Mon, 02 Jan 2006 15:04:05 GMT"), response.headers("Date"));
            }
        } finally {
            bed.startGateway(TestBed.DEFAULT_CONFIG);
        }
    }

    @Test
    void proxyHeadersAreSetForTheUpstream() throws IOException {
        JsonNode headers = inspect(new Request.Builder().url(bed.url("/service-a/inspect"))
                .header("X-Forwarded-For", "203.0.113.9")).get("headers");
        assertEquals("203.0.113.9, 127.0.0.1", headers.get("X-Forwarded-For").get(0).asText());
        assertEquals("http", headers.get("X-Forwarded-Proto").get(0).asText());
        assertEquals("127.0.0.1:" + bed.port(), headers.get("X-Forwarded-Host").get(0).asText());
        assertEquals("127.0.0.1:" + bed.serviceA.port(), headers.get("Host").get(0).asText());
        assertEquals("1.1 api-gateway", headers.get("Via").get(0).asText());
        try (Response response = bed.get("/service-a/users")) {
            assertEquals("1.1 api-gateway", response.header("Via"));
        }
    }

    /** A list header sent on several lines is one list (RFC 9110 section 5.3): no hop of it is lost. */
    @Test
    void viaAndForwardedForSentOnSeveralLinesKeepEveryHop() throws Exception {
        JsonNode headers = inspect(new Request.Builder().url(bed.url("/service-a/inspect"))
                .addHeader("X-Forwarded-For", "203.0.113.9").addHeader("X-Forwarded-For", "198.51.100.7, 10.0.0.1")
                .addHeader("Via", "1.0 first").addHeader("Via", "1.1 second")).get("headers");
        assertEquals("[\"203.0.113.9, 198.51.100.7, 10.0.0.1, 127.0.0.1\"]",
                headers.get("X-Forwarded-For").toString());
        assertEquals("[\"1.0 first, 1.1 second, 1.1 api-gateway\"]", headers.get("Via").toString());
        try (var upstream = FakeUpstream.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Via: 1.1 cdn-a\r\nX-Between: b\r\nVia: 1.1 cdn-b\r\n\r\nhi")) {
            bed.startGateway("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false}, "routes": [{"name": "fake", "prefix": "/fake", "upstreams": ["%s"]}]}
                    """.formatted(upstream.url()));
            try (Response response = bed.get("/fake/x")) {
                assertEquals(List.of("1.1 cdn-a, 1.1 cdn-b, 1.1 api-gateway"), response.headers("Via"));
            }
        } finally {
            bed.startGateway(TestBed.DEFAULT_CONFIG);
        }
    }

    /** An HTTP/1.0 request may come without Host: then there is no X-Forwarded-Host, and the client's is dropped. */
    @Test
    void noHostMeansNoForwardedHost() throws IOException {
        String response = RawHttp.exchange(bed.port(), "GET /service-a/echo HTTP/1.0\r\n"
                + "X-Forwarded-Host: forged.example\r\n\r\n");
        assertEquals(200, RawHttp.status(response));
        JsonNode headers = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).get("headers");
        assertNull(headers.get("X-Forwarded-Host"));
    }

    @Test
    void requestIdIsGeneratedOrKeptAndTravelsBothWays() throws IOException {
        try (Response response = bed.client.newCall(new Request.Builder().url(bed.url("/service-a/echo")).build())
                .execute()) {
            String generated = response.header("X-Request-ID");
            assertTrue(generated.matches("[0-9a-f-]{36}"), generated);
            JsonNode headers = JSON.readTree(response.body().string()).get("headers");
            assertEquals(generated, headers.get("X-Request-ID").get(0).asText());
        }
        JsonNode kept = inspect(new Request.Builder().url(bed.url("/service-a/inspect"))
                .header("X-Request-ID", "client-chosen-42"));
        assertEquals("client-chosen-42", kept.get("headers").get("X-Request-ID").get(0).asText());
        try (Response response = bed.client.newCall(new Request.Builder().url(bed.url("/service-a/users"))
                .header("X-Request-ID", "client-chosen-42").build()).execute()) {
            assertEquals("client-chosen-42", response.header("X-Request-ID"));
        }
        // An id that could forge a log line is replaced, not passed on.
        JsonNode replaced = inspect(new Request.Builder().url(bed.url("/service-a/inspect"))
                .header("X-Request-ID", "fake\" level=ERROR"));
        assertNotEquals("fake\" level=ERROR", replaced.get("headers").get("X-Request-ID").get(0).asText());
    }

    @Test
    void redirectsArePassedToTheClientNotFollowed() throws Exception {
        try (var upstream = FakeUpstream.answering(
                "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n")) {
            bed.startGateway("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false}, "routes": [{"name": "fake", "prefix": "/fake", "upstreams": ["%s"]}]}
                    """.formatted(upstream.url()));
            try (Response response = bed.get("/fake/x")) {
                assertEquals(302, response.code());
                assertEquals("/elsewhere", response.header("Location"));
                assertEquals(1, upstream.connections());
            }
        } finally {
            bed.startGateway(TestBed.DEFAULT_CONFIG);
        }
    }
}
