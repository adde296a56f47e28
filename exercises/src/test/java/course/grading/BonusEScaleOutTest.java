package course.grading;

import course.testkit.RedisExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of your gateway share one real redis-server (started on a free port for these tests). Skipped,
 * with the command that installs it, when redis-server is not installed.
 */
@Graded(step = "E", title = "scale-out with Redis", guide = "exercises/steps/bonus-e-scale-out.md")
@Timeout(30)
class BonusEScaleOutTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();
    private Course course;

    // timeoutMs 2000: a machine that stalls for half a second must not turn a live Redis into an outage (that
    // would last until the test's clock moves). A killed Redis refuses at once, so no test waits for it.
    @BeforeEach
    void startTwoReplicas() {
        course = new Course(Course.config("""
                "rateLimit": {"limit": 3, "windowSeconds": 60}, "cache": {"ttlSeconds": 30},
                "store": {"type": "redis", "url": "%s", "onFailure": "open", "timeoutMs": 2000},
                """.formatted(redis.server().url()), ""), 2);
    }

    @AfterEach
    void stopReplicas() {
        if (course != null) {
            course.close();
        }
    }

    @Test
    @Points(5)
    @DisplayName("the rate limit holds across two replicas (3 in all, not 6)")
    void limitIsShared() {
        for (int i = 0; i < 3; i++) {
            course.getVia(i % 2, "/service-a/users").expectStatus(200, "request " + (i + 1)
                    + " of 3 (this test's limit: 3 per 60 s), alternating between the replicas on 8000 and 8003");
        }
        long before = course.reachedServiceA();
        Reply refused = course.getVia(1, "/service-a/users").expectStatus(429, "the 4th request is over the limit"
                + " the replicas share: RedisRateLimiter.tryAcquire must keep the budget in Redis, not per process");
        String retryAfter = refused.header("Retry-After");
        refused.expect(retryAfter != null && retryAfter.matches("[1-9][0-9]?") && Integer.parseInt(retryAfter) <= 60,
                "header Retry-After: whole seconds from 1 to 60 (it is " + retryAfter + ")",
                "the same headers as in memory: how long until one request would pass, rounded up");
        course.getVia(0, "/service-a/users").expectStatus(429, "and over it on the first replica too");
        course.getVia(0, "/service-a/users").expect(course.reachedServiceA() == before,
                "Service A's counter unchanged by refused requests", "refuse before forwarding");
    }

    @Test
    @Points(5)
    @DisplayName("an answer cached through one replica is a HIT through the other")
    void cacheIsShared() {
        Reply first = course.getVia(0, "/service-a/items/3").expectHeader("X-Cache", "MISS", "the first request");
        long before = course.reachedServiceA();
        Reply other = course.getVia(1, "/service-a/items/3").expectHeader("X-Cache", "HIT",
                "RedisResponseCache.put stores the answer in Redis, and get finds it through any replica");
        other.expect(other.text().equals(first.text()), "the same body as the first answer",
                "get must bring back the body's bytes exactly as put stored them");
        other.expect(course.reachedServiceA() == before, "Service A not asked again", "a HIT is answered by the gateway");
    }

    @Test
    @Points(2)
    @DisplayName("a shared answer expires after its TTL")
    void sharedTtl() {
        course.getVia(0, "/service-a/items/4").expectHeader("X-Cache", "MISS", "the first request");
        course.clock.advance(Duration.ofSeconds(29));
        course.getVia(1, "/service-a/items/4").expectHeader("X-Cache", "HIT", "29 s later it is still fresh");
        course.clock.advance(Duration.ofSeconds(2));
        course.getVia(1, "/service-a/items/4").expectHeader("X-Cache", "MISS",
                "31 s later the 30 s TTL has passed: get returns null when the answer is not fresh");
    }

    @Test
    @Points(3)
    @DisplayName("Redis down: still serving (fail open); Redis back: shared again, no restart")
    void survivesRedisOutage() throws Exception {
        redis.server().kill();
        for (int i = 0; i < 5; i++) {
            course.getVia(i % 2, "/service-a/users").expectStatus(200,
                    "request " + (i + 1) + " with Redis down: failing open allows it (what store.call answers"
                            + " while Redis is down)");
        }
        redis.server().start();
        course.clock.advance(Duration.ofSeconds(1)); // Redis is tried again at most once a second
        for (int i = 0; i < 3; i++) {
            course.getVia(i % 2, "/service-a/users").expectStatus(200, "request " + (i + 1) + " of 3 after Redis is back");
        }
        course.getVia(1, "/service-a/users").expectStatus(429, "Redis is back: the shared limit holds again");
    }
}
