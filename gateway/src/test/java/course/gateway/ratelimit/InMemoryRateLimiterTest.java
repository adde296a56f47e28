package course.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.routes.Limit;
import course.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory rate limiter on its own, no sockets; refills happen on a {@link MutableClock}. */
class InMemoryRateLimiterTest {
    private static final Limit TEN_PER_MINUTE = new Limit(10, Duration.ofSeconds(60));
    private final MutableClock clock = new MutableClock();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock, 1000);

    @Test
    void tenPassThenTheEleventhWaitsSixSeconds() {
        for (int i = 1; i <= 10; i++) {
            Decision decision = limiter.tryAcquire("client", TEN_PER_MINUTE);
            assertTrue(decision.allowed(), "request " + i);
            assertEquals(10 - i, decision.remaining());
        }
        Decision eleventh = limiter.tryAcquire("client", TEN_PER_MINUTE);
        assertFalse(eleventh.allowed());
        assertEquals(0, eleventh.remaining());
        // One token comes back every 60 s / 10 = 6 s.
        assertEquals(6, eleventh.retryAfterSeconds());
        assertEquals(60, eleventh.resetAfterSeconds());
    }

    @Test
    void budgetRefillsEvenlyAndCompletelyAfterTheWindow() {
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("client", TEN_PER_MINUTE);
        }
        clock.advance(Duration.ofMillis(5_999));
        assertFalse(limiter.tryAcquire("client", TEN_PER_MINUTE).allowed(), "not quite a token yet");
        clock.advance(Duration.ofMillis(1));
        assertTrue(limiter.tryAcquire("client", TEN_PER_MINUTE).allowed(), "one token after 6 s");
        assertFalse(limiter.tryAcquire("client", TEN_PER_MINUTE).allowed());
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire("client", TEN_PER_MINUTE).allowed(), "full again, request " + i);
        }
        assertFalse(limiter.tryAcquire("client", TEN_PER_MINUTE).allowed());
    }

    @Test
    void clientsHaveSeparateBudgets() {
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("a", TEN_PER_MINUTE);
        }
        assertFalse(limiter.tryAcquire("a", TEN_PER_MINUTE).allowed());
        assertTrue(limiter.tryAcquire("b", TEN_PER_MINUTE).allowed());
    }

    @Test
    void aClockThatStepsBackNeverAddsTokens() {
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("client", TEN_PER_MINUTE);
        }
        clock.advance(Duration.ofSeconds(-3600));
        assertFalse(limiter.tryAcquire("client", TEN_PER_MINUTE).allowed());
    }

    @Test
    void memoryStaysBoundedHoweverManyClientsAppear() {
        var small = new InMemoryRateLimiter(clock, 500);
        for (int i = 0; i < 100_000; i++) {
            small.tryAcquire("10.0." + (i / 256) + "." + (i % 256), TEN_PER_MINUTE);
            assertTrue(small.trackedClients() <= 500);
        }
        assertEquals(500, small.trackedClients());
    }

    @Test
    void idleClientsAreForgottenOnceTheirBucketIsFullAgain() {
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("idle-" + i, TEN_PER_MINUTE);
        }
        clock.advance(Duration.ofSeconds(7)); // one request refills in 6 s: every idle bucket is full again
        for (int i = 0; i < 60; i++) {
            limiter.tryAcquire("active", TEN_PER_MINUTE);
        }
        assertTrue(limiter.trackedClients() < 100, "tracked " + limiter.trackedClients());
    }
}
