package course.grading;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

@Graded(step = "D", title = "request logs", guide = "exercises/steps/bonus-d-logging.md")
@Timeout(30)
class BonusDLoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("time", "requestId", "client", "method", "path", "route",
            "status", "durationMs", "cache", "rateLimit");

    private final Logger access = (Logger) LoggerFactory.getLogger("gateway.access");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"enabled\": false},", ""));

    BonusDLoggingTest() {
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void detach() {
        access.detachAppender(lines);
    }

    /** The JSON line logged for this path and status, waiting up to 5 s for it. */
    private JsonNode lineFor(Reply reply, String path, int status) {
        try {
            return Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> find(path, status), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException none) {
            reply.expect(false, "one JSON line on the gateway.access logger with \"path\":\"" + path
                    + "\" and \"status\":" + status + " (lines seen: " + lines.list.size() + ")",
                    "RequestLog.http: one JSON line on the gateway.access logger for every answered request");
            throw none;
        }
    }

    private Optional<JsonNode> find(String path, int status) {
        for (ILoggingEvent event : List.copyOf(lines.list)) {
            try {
                JsonNode line = JSON.readTree(event.getFormattedMessage());
                if (path.equals(line.path("path").asText()) && line.path("status").asInt() == status) {
                    return Optional.of(line);
                }
            } catch (Exception notJson) {
                // not a line of ours
            }
        }
        return Optional.empty();
    }

    @Test
    @Points(4)
    @DisplayName("each request is one JSON line with the fields")
    void oneJsonLinePerRequest() {
        Reply reply = course.get("/service-a/items/1").expectStatus(200, "forward the request (Step 1)");
        JsonNode line = lineFor(reply, "/service-a/items/1", 200);
        for (String field : FIELDS) {
            reply.expect(line.has(field), "a \"" + field + "\" field in " + line, "HttpLine has every field");
        }
        reply.expect("GET".equals(line.path("method").asText()) && "service-a".equals(line.path("route").asText())
                && "service-a".equals(line.path("upstream").asText()) && line.path("durationMs").isNumber(),
                "method GET, route and upstream service-a, a numeric durationMs in " + line,
                "fill the line from the request and its RequestFacts");
    }

    @Test
    @Points(3)
    @DisplayName("rejected requests are logged too")
    void rejectedRequestsAreLogged() {
        Reply reply = course.get("/no-such-route").expectStatus(404, "an unknown route is 404");
        JsonNode line = lineFor(reply, "/no-such-route", 404);
        reply.expect(line.path("requestId").asText().equals(reply.header("X-Request-ID")),
                "the line's requestId equals the X-Request-ID the client got",
                "take requestId from the request's RequestFacts: it is the X-Request-ID put on the answer");
    }
}
