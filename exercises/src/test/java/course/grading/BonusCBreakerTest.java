package course.grading;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "C", title = "circuit breaker", guide = "exercises/steps/bonus-c-breaker.md")
@Timeout(30)
class BonusCBreakerTest {
    @AutoClose
    private final Course course = new Course(Course.config("\"rateLimit\": {\"enabled\": false},"
            + " \"cache\": {\"enabled\": false}, \"breaker\": {\"failureThreshold\": 5, \"coolDownSeconds\": 30},", ""));

    private void failFiveTimes() {
        for (int i = 1; i <= 5; i++) {
            course.get("/service-a/status/503").expectStatus(503, "failure " + i + " comes from Service A itself");
        }
    }

    @Test
    @Points(4)
    @DisplayName("five failures open the circuit: 503 at once, upstream untouched")
    void opens() {
        failFiveTimes();
        long before = course.reachedServiceA();
        Reply reply = course.get("/service-a/items/1").expectStatus(503,
                "after 5 failures in a row (Closed.onFailure) the circuit is open: pick() throws 503");
        reply.expect(course.reachedServiceA() == before, "Service A's counter unchanged",
                "an open circuit must not call the upstream at all");
        reply.expectHeader("Retry-After", "30", "tell the client when the cool-down ends (Open.admit)");
    }

    @Test
    @Points(3)
    @DisplayName("after the cool-down a successful trial closes it")
    void recovers() {
        failFiveTimes();
        course.get("/service-a/items/1").expectStatus(503, "first the circuit must open (5 failures in a row)");
        course.clock.advance(Duration.ofSeconds(30));
        course.get("/service-a/items/1").expectStatus(200,
                "after coolDownSeconds one trial goes through (Open.admit moves to HalfOpen)");
        course.get("/service-a/items/2").expectStatus(200, "the trial succeeded, so the circuit is closed again");
    }

    @Test
    @Points(3)
    @DisplayName("a failed trial opens it again")
    void failedTrialReopens() {
        failFiveTimes();
        course.clock.advance(Duration.ofSeconds(30));
        course.get("/service-a/status/503").expectStatus(503, "the trial reaches Service A and fails");
        long before = course.reachedServiceA();
        course.get("/service-a/items/1").expectStatus(503, "a failed trial opens the circuit again (HalfOpen)")
                .expect(course.reachedServiceA() == before, "Service A's counter unchanged", "open means untouched");
    }
}
