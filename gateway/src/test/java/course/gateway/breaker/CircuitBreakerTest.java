package course.gateway.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.config.BreakerConfig;
import course.gateway.routing.UpstreamPicker.Outcome;
import course.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The circuit breaker's state machine on its own, no sockets; the cool-down passes on a {@link MutableClock}. */
class CircuitBreakerTest {
    private final MutableClock clock = new MutableClock();
    private final CircuitBreaker breaker = new CircuitBreaker(new BreakerConfig(true, 5, 30), clock);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            var admission = breaker.tryAcquire();
            assertTrue(admission.allowed());
            breaker.record(admission, Outcome.FAILURE);
        }
    }

    @Test
    void opensAfterFiveFailuresInARowAndRefusesUntilTheCoolDown() {
        fail(4);
        assertEquals(CircuitState.CLOSED, breaker.state());
        fail(1);
        assertEquals(CircuitState.OPEN, breaker.state());
        var refused = breaker.tryAcquire();
        assertFalse(refused.allowed());
        assertEquals(30_000, refused.retryAfterMillis());
        clock.advance(Duration.ofSeconds(29));
        assertEquals(1_000, breaker.tryAcquire().retryAfterMillis());
    }

    @Test
    void aSuccessResetsTheCount() {
        fail(4);
        breaker.record(breaker.tryAcquire(), Outcome.SUCCESS);
        fail(4);
        assertEquals(CircuitState.CLOSED, breaker.state());
    }

    @Test
    void halfOpenLetsExactlyOneTrialThroughAndItsSuccessCloses() {
        fail(5);
        clock.advance(Duration.ofSeconds(30));
        var trial = breaker.tryAcquire();
        assertTrue(trial.allowed() && trial.trial());
        assertEquals(CircuitState.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire().allowed(), "a second request while the trial runs");
        breaker.record(trial, Outcome.SUCCESS);
        assertEquals(CircuitState.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire().allowed());
    }

    @Test
    void aFailedTrialOpensTheCircuitForAnotherCoolDown() {
        fail(5);
        clock.advance(Duration.ofSeconds(30));
        breaker.record(breaker.tryAcquire(), Outcome.FAILURE);
        assertEquals(CircuitState.OPEN, breaker.state());
        assertEquals(30_000, breaker.tryAcquire().retryAfterMillis());
    }

    @Test
    void anAbandonedTrialFreesTheSlotForTheNextRequest() {
        fail(5);
        clock.advance(Duration.ofSeconds(30));
        breaker.record(breaker.tryAcquire(), Outcome.UNKNOWN);
        assertEquals(CircuitState.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire().trial());
    }

    @Test
    void lateOutcomesOfCallsAdmittedBeforeOpeningChangeNothing() {
        var early = breaker.tryAcquire();
        fail(5);
        breaker.record(early, Outcome.SUCCESS);
        assertEquals(CircuitState.OPEN, breaker.state());
    }
}
