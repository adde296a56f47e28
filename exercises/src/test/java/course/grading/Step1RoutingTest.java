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

@Graded(step = "1", title = "routing", guide = "exercises/steps/1-routing.md")
@Timeout(30)
class Step1RoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_OTHER_STEPS = "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"enabled\": false},";

    @AutoClose
    private final Course course = new Course(Course.config(NO_OTHER_STEPS,
            ", {\"name\": \"items-api\", \"prefix\": \"/items-api\", \"upstreams\": [\"${A}/items\"]}"));

    /** The first value of a header as Service A's /echo saw it, looked up ignoring case; "" if absent. */
    private static String seen(JsonNode headers, String name) {
        for (var fields = headers.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue().path(0).asText();
            }
        }
        return "";
    }

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
                "RouteTable.match finds the route, Route.upstreamPath strips /service-a, ProxyStep forwards it and"
                + " ResponseRelay relays the answer");
        reply.expect(json(reply).path("id").asInt() == 42, "Service A's item 42 ({\"id\":42,...})",
                "Service A must receive /items/42: check Route.upstreamPath");
    }

    @Test
    @Points(3)
    @DisplayName("POST bodies arrive byte-identical, with their content type")
    void forwardsBodiesByteIdentical() {
        byte[] body = "{\"name\": \"gateway\", \"bytes\": [0, 255]}".getBytes();
        Reply reply = course.send("POST", "/service-a/echo", body, "application/json")
                .expectStatus(200, "POST must be forwarded with its body (RequestBodies.of makes it for you)");
        reply.expect(Arrays.equals(body, reply.body()), "the same bytes back (Service A echoes them)",
                "pass the upstream's body to the client unchanged: ResponseRelay.relay");
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
                "pass the raw query on exactly as the client wrote it, never decoded: UpstreamRequests.build");
        reply.expect("hello".equals(seen.path("headers").path("X-Student").path(0).asText()),
                "Service A sees the header X-Student: hello",
                "send the client's end-to-end headers on: UpstreamRequests.forwardedHeaders");
    }

    @Test
    @Points(3)
    @DisplayName("the upstream's status and headers come back")
    void upstreamStatusAndHeadersComeBack() {
        course.get("/service-a/status/418").expectStatus(418, "pass the upstream's status code on unchanged");
        Reply users = course.get("/service-a/users").expectHeader("X-Served-By", "service-a",
                "copy the upstream's response headers to the client: ResponseRelay.writeStatusAndHeaders");
        String via = users.header("Via");
        users.expect(via != null && via.endsWith("1.1 api-gateway"), "header Via ending in 1.1 api-gateway"
                + (via == null ? " (it is missing)" : " (it is " + via + ")"),
                "a proxy adds itself to Via on the answer too: ResponseRelay.writeStatusAndHeaders");
    }

    @Test
    @Points(2)
    @DisplayName("hop-by-hop headers are dropped; X-Forwarded-*, Via and X-Request-ID are added")
    void proxyHeaders() {
        Reply reply = course.get("/service-a/echo", "Connection", "X-Private", "X-Private", "secret",
                "Keep-Alive", "timeout=5").expectStatus(200, "forward GET /service-a/echo");
        JsonNode headers = json(reply).path("headers");
        String hint = "UpstreamRequests.forwardedHeaders (the guide's \"Header hygiene\")";
        reply.expect(seen(headers, "X-Private").isEmpty() && seen(headers, "Keep-Alive").isEmpty(),
                "no X-Private or Keep-Alive at Service A (Connection names X-Private: it is hop-by-hop)",
                "leave out what HopByHopHeaders.isHopByHop calls hop-by-hop: " + hint);
        reply.expect(seen(headers, "X-Forwarded-For").contains("127.0.0.1"),
                "X-Forwarded-For with the client's address (127.0.0.1)", hint);
        reply.expect(seen(headers, "X-Forwarded-Proto").equals("http"), "X-Forwarded-Proto: http", hint);
        reply.expect(seen(headers, "X-Forwarded-Host").equals("127.0.0.1:" + course.port()),
                "X-Forwarded-Host: 127.0.0.1:" + course.port() + " (the Host the client sent)", hint);
        reply.expect(seen(headers, "Via").endsWith("1.1 api-gateway"), "Via: 1.1 api-gateway", hint);
        String id = reply.header("X-Request-ID");
        reply.expect(id != null && seen(headers, "X-Request-ID").equals(id),
                "X-Request-ID at Service A equal to the one the client got back (" + id + ")", hint);
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
                    "a refused connection is the upstream's failure: 502 Bad Gateway (UpstreamFailures, ProxyStep)");
        }
    }

    @Test
    @Points(2)
    @DisplayName("an upstream slower than the route's timeout is 504")
    void slowUpstreamIs504() throws Exception {
        try (var slow = new Course(Course.config(NO_OTHER_STEPS, ", {\"name\": \"slow\", \"prefix\": \"/slow\","
                + " \"upstreams\": [\"${A}\"], \"timeoutMs\": 300}"))) {
            slow.get("/slow/slow?ms=3000").expectStatus(504,
                    "the call must give up after the route's timeoutMs (300 here): 504 Gateway Timeout"
                    + " (ProxyStep's constructor, UpstreamFailures)");
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
