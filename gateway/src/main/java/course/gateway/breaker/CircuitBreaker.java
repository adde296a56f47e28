package course.gateway.breaker;

import course.gateway.config.BreakerConfig;
import course.gateway.routing.UpstreamPicker.Outcome;
import java.time.Clock;

/**
 * One upstream's circuit breaker: asks the current {@link BreakerState} whether a call may go ahead and moves to
 * the state it names, all decided from the injected clock. Thread-safe: one lock around each question and each
 * report, so two requests can never both become the half-open trial. It knows nothing of HTTP.
 */
public final class CircuitBreaker {
    private final Clock clock;
    private BreakerState state;

    public CircuitBreaker(BreakerConfig settings, Clock clock) {
        this.clock = clock;
        this.state = new Closed(settings, 0);
    }

    /**
     * May a call go to the upstream now? Allowed: an ordinary call or the half-open trial. Refused: how long to
     * wait. Every allowed admission is reported once to {@link #record} when its call is over.
     */
    synchronized Admission tryAcquire() {
        BreakerState.Move move = state.admit(clock.millis());
        state = move.next();
        return move.admission();
    }

    /** How an admitted call went; {@code UNKNOWN} (it told nothing about the upstream) frees a trial's place. */
    synchronized void record(Admission admission, Outcome outcome) {
        state = switch (outcome) {
            case SUCCESS -> state.onSuccess(admission.trial());
            case FAILURE -> state.onFailure(admission.trial(), clock.millis());
            case UNKNOWN -> admission.trial() ? state.onTrialAbandoned() : state;
        };
    }

    /** The state now, as health, stats and metrics show it. */
    public synchronized CircuitState state() {
        return state.name();
    }
}
