package course.grading;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Step 2, for any algorithm the guide offers (fixed window, sliding log, sliding window counter, token bucket):
 * the tests ask only what all of them promise for 10 requests per 60 s.
 */
@Graded(step = "2", title = "rate limit", guide = "exercises/steps/2-rate-limit.md")
@Timeout(30)
class Step2RateLimitTest {
    /**
     * The longest Retry-After accepted for a 60 s window: two windows. A fixed window, a sliding log and a token
     * bucket never need more than one; a sliding window counter may need a little more.
     */
    private static final int MAX_RETRY_AFTER = 120;

    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"limit\": 10, \"windowSeconds\": 60}, \"cache\": {\"enabled\": false},", ""));

    private void spend(int requests) {
        for (int i = 1; i <= requests; i++) {
            course.get("/service-a/users").expectStatus(200, "request " + i + " of 10 is within the limit");
        }
    }

    /** The Retry-After of a refusal, checked to be whole seconds from 1 to {@link #MAX_RETRY_AFTER}. */
    private static int retryAfter(Reply refused) {
        String value = refused.header("Retry-After");
        int seconds = value != null && value.matches("\\d{1,9}") ? Integer.parseInt(value) : -1;
        refused.expect(seconds >= 1 && seconds <= MAX_RETRY_AFTER, "header Retry-After: whole seconds from 1 to "
                + MAX_RETRY_AFTER + (value == null ? " (it is missing)" : " (it is " + value + ")"),
                "how long until one more request would pass, rounded up to whole seconds (Decision.retryAfter)");
        return seconds;
    }

    @Test
    @Points(4)
    @DisplayName("the 11th request in a minute is 429 with Retry-After")
    void eleventhRequestIs429() {
        spend(10);
        Reply reply = course.get("/service-a/users").expectStatus(429,
                "10 requests spend the budget: refuse the 11th with a TooManyRequestsResponse");
        retryAfter(reply);
    }

    @Test
    @Points(3)
    @DisplayName("a refused request never reaches the upstream")
    void refusedRequestsAreNotForwarded() {
        spend(10);
        long before = course.reachedServiceA();
        course.get("/service-a/users").expectStatus(429, "the 11th request is refused");
        course.get("/service-a/users").expect(course.reachedServiceA() == before,
                "Service A's request counter unchanged", "refuse before the rest of the pipeline runs");
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
    void budgetComesBack() {
        spend(10);
        int wait = retryAfter(course.get("/service-a/users").expectStatus(429, "the 11th request is refused"));
        course.clock.advance(Duration.ofSeconds(wait));
        course.get("/service-a/users").expectStatus(200, "Retry-After said " + wait + " s; " + wait
                + " s later (on the gateway's clock: the test moves it, never use System time) a request passes");
        course.clock.advance(Duration.ofSeconds(120));
        for (int i = 1; i <= 10; i++) {
            course.get("/service-a/users").expectStatus(200, "after two quiet windows (120 s) the whole budget of 10"
                    + " is back, whatever the algorithm: request " + i);
        }
    }

    @Test
    @Points(3)
    @DisplayName("two clients have separate budgets, and X-Forwarded-For does not help")
    void clientsAreSeparate() {
        spend(10);
        course.getFrom("127.0.0.2", "/service-a/users").expectStatus(200,
                "another client (from 127.0.0.2) has its own budget: key by the client in RequestFacts");
        course.get("/service-a/users", "X-Forwarded-For", "203.0.113.9").expectStatus(429,
                "a client must not get a new budget by sending X-Forwarded-For (no proxy is trusted here)");
    }
}
