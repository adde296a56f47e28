package course.gateway.breaker;

import course.gateway.config.BreakerConfig;
import course.gateway.routing.UpstreamPicker.Outcome;
import io.javalin.http.NotImplementedResponse;
import java.time.Clock;

/**
 * Bonus C: one upstream's circuit breaker, the state machine that decides from how earlier calls went whether the
 * next one may go to the upstream. It knows nothing of HTTP, reads time only from the injected clock, and is
 * thread-safe: the proxy and the WebSocket relay ask it from many request threads at once. Its contract, drawn
 * as a diagram in exercises/steps/bonus-c-breaker.md ("The state machine"):
 *
 * <ul>
 *   <li>CLOSED, where it starts: every call is allowed. {@code settings.failureThreshold()} failures in a row
 *       open the circuit; a success resets the count.</li>
 *   <li>OPEN: every call is refused, told how long until {@code settings.coolDown()} has passed since the circuit
 *       opened. Once it has, the next request is admitted as the trial, and the circuit is HALF_OPEN.</li>
 *   <li>HALF_OPEN: while the trial runs, every other request is refused. The trial's success closes the circuit,
 *       its failure opens it for another cool-down; a trial that ends telling nothing ({@code UNKNOWN}) lets the
 *       next request be the trial.</li>
 *   <li>While OPEN or HALF_OPEN, the outcomes of ordinary calls (admitted while CLOSED, and finishing late)
 *       change nothing: only the trial's outcome decides.</li>
 * </ul>
 */
public final class CircuitBreaker {

    // TODO(bonus C): choose how the breaker remembers its state and what each state needs to know, and how it
    //   moves between states safely when threads ask at once. See "Representing the states" in
    //   exercises/steps/bonus-c-breaker.md.

    /** A closed circuit for one upstream, with the configured threshold and cool-down. */
    public CircuitBreaker(BreakerConfig settings, Clock clock) {
        // TODO(bonus C): start CLOSED, with what the states will need from the settings and the clock.
    }

    /**
     * May a call go to the upstream now? Allowed: an ordinary call or the half-open trial
     * ({@link Admission#trial()}). Refused: how long until a call might be let through. Every allowed admission
     * is reported exactly once to {@link #record} when its call is over.
     */
    Admission tryAcquire() {
        // TODO(bonus C): answer from the current state and the clock, and move to the state that follows.
        throw new NotImplementedResponse("Bonus C (circuit breaker) is not done yet: CircuitBreaker.tryAcquire."
                + " See exercises/steps/bonus-c-breaker.md");
    }

    /**
     * How a call admitted by {@link #tryAcquire} went: {@code SUCCESS}; {@code FAILURE} (no connection, a timeout,
     * a 5xx); or {@code UNKNOWN}, when it told nothing about the upstream's health (the client went away, the
     * upstream refused a WebSocket handshake for its path).
     */
    void record(Admission admission, Outcome outcome) {
        // TODO(bonus C): move to the state this outcome leads to, if it counts in the current state.
        throw new NotImplementedResponse("Bonus C (circuit breaker) is not done yet: CircuitBreaker.record."
                + " See exercises/steps/bonus-c-breaker.md");
    }

    /** The state now, as /gateway/health, /gateway/stats and /metrics show it. */
    public CircuitState state() {
        // TODO(bonus C): the current state's name. (Until the breaker is written, it is always closed.)
        return CircuitState.CLOSED;
    }
}
