package course.grading;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "C", title = "circuit breaker", guide = "exercises/steps/bonus-c-breaker.md")
@Timeout(30)
class BonusCBreakerTest {
    /** A trial that takes 2.5 s at Service A (the route's timeout is 3 s): long enough to ask again meanwhile. */
    private static final String TRIAL = "/service-a/slow?ms=2500";

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
                "after 5 failures in a row the circuit is open: the picker refuses with 503");
        reply.expect(course.reachedServiceA() == before, "Service A's counter unchanged",
                "an open circuit must not call the upstream at all");
        reply.expectHeader("Retry-After", "30", "tell the client when the cool-down ends: 30 s from now");
    }

    @Test
    @Points(3)
    @DisplayName("after the cool-down one trial goes through, alone, and its success closes it")
    void recovers() throws Exception {
        failFiveTimes();
        course.get("/service-a/items/1").expectStatus(503, "first the circuit must open (5 failures in a row)");
        course.clock.advance(Duration.ofSeconds(30));
        long before = course.reachedServiceA();
        CompletableFuture<Reply> trial = CompletableFuture.supplyAsync(() -> course.get(TRIAL));
        Awaitility.await().atMost(Course.ANSWER_WITHIN).until(() -> course.reachedServiceA() > before || trial.isDone());
        if (!trial.isDone()) {
            Reply other = course.get("/service-a/items/1").expectStatus(503, "while the trial runs, the circuit is"
                    + " half-open: it lets exactly one call through and refuses every other");
            other.expect(course.reachedServiceA() == before + 1, "Service A reached by the trial only",
                    "refused requests never touch the upstream").expect(other.header("Retry-After") != null,
                    "a Retry-After header", "every 503 of the breaker says when to try again");
        }
        trial.get().expectStatus(200, "after coolDownSeconds one trial goes through: OPEN becomes HALF_OPEN");
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
        course.get("/service-a/items/1").expectStatus(503, "a failed trial opens the circuit again")
                .expect(course.reachedServiceA() == before, "Service A's counter unchanged", "open means untouched");
    }
}
