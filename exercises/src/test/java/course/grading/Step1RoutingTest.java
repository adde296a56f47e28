package course.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.servicea.SeededBytes;
import course.testkit.ClosedPort;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "1", title = "routing", guide = "exercises/steps/1-routing.md", needs = {})
@Timeout(30)
class Step1RoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_OTHER_STEPS = "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"enabled\": false},";

    @AutoClose
    private final Course course = new Course(Course.config(NO_OTHER_STEPS,
            ", {\"name\": \"items-api\", \"prefix\": \"/items-api\", \"upstreams\": [\"${A}/items\"]}"));

    private static JsonNode json(Reply reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (Exception notJson) {
            throw new AssertionError("expected a JSON body, got: " + reply.describe());
        }
    }

    @Test
    @Points(4)
    @DisplayName("GET is forwarded with the prefix stripped")
    void forwardsGetWithThePrefixStripped() {
        Reply reply = course.get("/service-a/items/42").expectStatus(200,
                "RouteTable.match finds the route, Route.upstreamPath strips /service-a, ProxyStep forwards it");
        reply.expect(json(reply).path("id").asInt() == 42, "Service A's item 42 ({\"id\":42,...})",
                "Service A must receive /items/42: check Route.upstreamPath");
    }

    @Test
    @Points(3)
    @DisplayName("POST bodies arrive byte-identical, with their content type")
    void forwardsBodiesByteIdentical() {
        byte[] body = "{\"name\": \"gateway\", \"bytes\": [0, 255]}".getBytes();
        Reply reply = course.send("POST", "/service-a/echo", body, "application/json")
                .expectStatus(200, "POST must be forwarded with its body (UpstreamRequests.body is given)");
        reply.expect(Arrays.equals(body, reply.body()), "the same bytes back (Service A echoes them)",
                "copy the upstream's body to the client unchanged: ResponseRelay.relay");
        reply.expectHeader("Content-Type", "application/json",
                "copy the upstream's headers to the client: ResponseRelay.writeStatusAndHeaders");
    }

    @Test
    @Points(3)
    @DisplayName("the raw query string and the client's headers reach the upstream")
    void queryAndHeadersReachTheUpstream() {
        Reply reply = course.get("/service-a/echo?q=a%20b&x=%2F&flag", "X-Student", "hello")
                .expectStatus(200, "forward GET /service-a/echo to Service A's /echo");
        JsonNode seen = json(reply);
        reply.expect("q=a%20b&x=%2F&flag".equals(seen.path("query").asText()),
                "Service A sees the query q=a%20b&x=%2F&flag exactly",
                "pass ctx.req().getQueryString() on as it is (encodedQuery), without decoding it");
        reply.expect("hello".equals(seen.path("headers").path("X-Student").path(0).asText()),
                "Service A sees the header X-Student: hello", "copy the client's headers: forwardedHeaders");
    }

    @Test
    @Points(3)
    @DisplayName("the upstream's status and headers come back")
    void upstreamStatusAndHeadersComeBack() {
        course.get("/service-a/status/418").expectStatus(418, "pass the upstream's status code on unchanged");
        course.get("/service-a/users").expectHeader("X-Served-By", "service-a",
                "copy the upstream's response headers to the client (writeStatusAndHeaders)");
    }

    @Test
    @Points(2)
    @DisplayName("hop-by-hop headers are dropped, X-Forwarded-For is added")
    void proxyHeaders() {
        Reply reply = course.get("/service-a/echo", "Connection", "X-Private", "X-Private", "secret",
                "Keep-Alive", "timeout=5").expectStatus(200, "forward GET /service-a/echo");
        JsonNode headers = json(reply).path("headers");
        reply.expect(!headers.has("X-Private") && !headers.has("Keep-Alive"),
                "no X-Private or Keep-Alive at Service A (Connection names X-Private: it is hop-by-hop)",
                "skip the headers HopByHopHeaders.isHopByHop says are hop-by-hop");
        reply.expect(headers.path("X-Forwarded-For").path(0).asText().contains("127.0.0.1"),
                "X-Forwarded-For with the client's address", "set X-Forwarded-For in forwardedHeaders");
    }

    @Test
    @Points(3)
    @DisplayName("a 5 MiB download streams through byte-identical")
    void largeDownloadsArriveIntact() throws Exception {
        int size = 5 * 1024 * 1024;
        Reply reply = course.get("/service-a/bytes/" + size + "?seed=3").expectStatus(200, "forward /bytes/N");
        reply.expect(Arrays.equals(SeededBytes.stream(3, size).readAllBytes(), reply.body()),
                "the " + size + " bytes Service A sent, unchanged", "copy every byte, in order; do not stop early");
    }

    @Test
    @Points(2)
    @DisplayName("an unknown path is 404 in the JSON error shape")
    void unknownPathIs404() {
        Reply reply = course.get("/no-such-service/x").expectStatus(404,
                "RouteTable.match finds no route: the gateway answers 404 itself");
        reply.expect(json(reply).path("status").asInt() == 404, "a JSON body with \"status\": 404",
                "throw a NotFoundResponse: the gateway's error handler writes the JSON");
        course.get("/service-abc/x").expectStatus(404, "/service-a must not match /service-abc: whole segments only");
    }

    @Test
    @Points(2)
    @DisplayName("an unreachable upstream is 502")
    void unreachableUpstreamIs502() throws Exception {
        try (var closed = ClosedPort.reserve();
             var down = new Course(Course.config(NO_OTHER_STEPS, ", {\"name\": \"down\", \"prefix\": \"/down\","
                     + " \"upstreams\": [\"" + closed.url() + "\"], \"retries\": 0}"))) {
            down.get("/down/x").expectStatus(502,
                    "when the call fails with an IOException, throw UpstreamFailures.describe(e, route)");
        }
    }

    @Test
    @Points(2)
    @DisplayName("an upstream slower than the route's timeout is 504")
    void slowUpstreamIs504() throws Exception {
        try (var slow = new Course(Course.config(NO_OTHER_STEPS, ", {\"name\": \"slow\", \"prefix\": \"/slow\","
                + " \"upstreams\": [\"${A}\"], \"timeoutMs\": 300}"))) {
            slow.get("/slow/slow?ms=3000").expectStatus(504,
                    "use the OkHttp client made for the route (clients.get(route)): it has the route's timeout");
        }
    }

    @Test
    @Points(2)
    @DisplayName("a new route works by config alone")
    void aNewRouteByConfigAlone() {
        Reply reply = course.get("/items-api/7").expectStatus(200,
                "the route /items-api -> ${A}/items comes from the config: nothing in the code may name routes");
        reply.expect(json(reply).path("id").asInt() == 7, "item 7, from /items/7 at Service A",
                "put the rest of the path under the upstream URL's own path (/items): Route.upstreamPath");
    }
}
