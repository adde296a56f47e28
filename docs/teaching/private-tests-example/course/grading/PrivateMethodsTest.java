package course.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An example of an instructor's private test, kept outside the student repository and run beside the graded suite
 * with {@code ./grade.sh --extra docs/teaching/private-tests-example} (see docs/teaching.md). It lives in package
 * {@code course.grading}, so it uses the suite's own helpers: {@link Course} starts Service A, Service B and the
 * student's gateway through the same launch contract, {@link Reply} fails in the suite's format (sent, expected,
 * got, hint), and {@link Graded} with an id that is neither a step nor a bonus gives it a row of its own in the
 * score table, named by its title.
 */
@Graded(step = "private-1", title = "Private: PUT and DELETE", guide = "exercises/steps/1-routing.md")
@Timeout(30)
class PrivateMethodsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"enabled\": false},", ""));

    @Test
    @Points(2)
    @DisplayName("PUT is forwarded with its body")
    void putIsForwardedWithItsBody() {
        byte[] body = "{\"name\": \"renamed\"}".getBytes();
        Reply reply = course.send("PUT", "/service-a/echo", body, "application/json")
                .expectStatus(200, "every method is forwarded, not only GET and POST");
        reply.expect(Arrays.equals(body, reply.body()), "the same bytes back (Service A echoes a PUT's body)",
                "forward the request's body for PUT as for POST");
    }

    @Test
    @Points(1)
    @DisplayName("DELETE reaches the upstream as DELETE")
    void deleteKeepsItsMethod() throws Exception {
        Reply reply = course.send("DELETE", "/service-a/inspect/7", null, null)
                .expectStatus(200, "Service A's /inspect answers any method");
        JsonNode seen = JSON.readTree(reply.body());
        reply.expect("DELETE".equals(seen.path("method").asText()), "Service A saw the method DELETE",
                "forward the client's method unchanged");
    }
}
