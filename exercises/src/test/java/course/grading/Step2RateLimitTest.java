package course.grading;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "2", title = "rate limit", guide = "exercises/steps/2-rate-limit.md")
@Timeout(30)
class Step2RateLimitTest {
    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"limit\": 10, \"windowSeconds\": 60}, \"cache\": {\"enabled\": false},", ""));

    private void spend(int requests) {
        for (int i = 1; i <= requests; i++) {
            course.get("/service-a/users").expectStatus(200, "request " + i + " of 10 is within the limit");
        }
    }

    @Test
    @Points(4)
    @DisplayName("the 11th request in a minute is 429 with Retry-After")
    void eleventhRequestIs429() {
        spend(10);
        Reply reply = course.get("/service-a/users").expectStatus(429,
                "after 10 requests the bucket is empty: throw TooManyRequestsResponse");
        reply.expectHeader("Retry-After", "6", "one token comes back every 60 s / 10 = 6 s; round up to seconds");
    }

    @Test
    @Points(3)
    @DisplayName("a refused request never reaches the upstream")
    void refusedRequestsAreNotForwarded() {
        spend(10);
        long before = course.reachedServiceA();
        course.get("/service-a/users").expectStatus(429, "the 11th request is refused");
        course.get("/service-a/users").expect(course.reachedServiceA() == before,
                "Service A's request counter unchanged", "throw before calling next.proceed()");
    }

    @Test
    @Points(2)
    @DisplayName("RateLimit-Limit and RateLimit-Remaining count down")
    void headersCountDown() {
        course.get("/service-a/users").expectHeader("RateLimit-Limit", "10", "set RateLimit-Limit on every answer")
                .expectHeader("RateLimit-Remaining", "9", "after one request, 9 remain (Decision.remaining)");
        course.get("/service-a/users").expectHeader("RateLimit-Remaining", "8", "after two, 8 remain");
    }

    @Test
    @Points(3)
    @DisplayName("the budget comes back as time passes")
    void windowRollsOver() {
        spend(10);
        course.get("/service-a/users").expectStatus(429, "the 11th request is refused");
        course.clock.advance(Duration.ofSeconds(6));
        course.get("/service-a/users").expectStatus(200,
                "6 s later one token is back: refill from the clock (the test moves it; never use System time)");
        course.clock.advance(Duration.ofSeconds(60));
        spend(10);
    }

    @Test
    @Points(3)
    @DisplayName("two clients have separate budgets, and X-Forwarded-For does not help")
    void clientsAreSeparate() {
        spend(10);
        course.getFrom("127.0.0.2", "/service-a/users").expectStatus(200,
                "another client (from 127.0.0.2) has its own bucket: key by clients.of(ctx)");
        course.get("/service-a/users", "X-Forwarded-For", "203.0.113.9").expectStatus(429,
                "a client must not get a new budget by sending X-Forwarded-For (no proxy is trusted here)");
    }
}
