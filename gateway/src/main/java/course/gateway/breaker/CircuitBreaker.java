package course.gateway.breaker;

import course.gateway.breaker.BreakerState.Admission;
import course.gateway.config.BreakerConfig;
import course.gateway.routing.UpstreamPicker.Outcome;
import java.time.Clock;

/**
 * One upstream's circuit breaker: asks the current {@link BreakerState} whether a call may go ahead and moves to
 * the state it names, all decided from the injected clock. Thread-safe. It knows nothing of HTTP.
 */
public final class CircuitBreaker {
    private final Clock clock;
    private BreakerState state;

    public CircuitBreaker(BreakerConfig settings, Clock clock) {
        this.clock = clock;
        this.state = new Closed(settings, 0);
    }

    /** May a call go to the upstream now? A refusal says how long to wait. */
    synchronized Admission tryAcquire() {
        Admission admission = state.admit(clock.millis());
        state = admission.next();
        return admission;
    }

    /** Reports how an admitted call went. Must be called once per allowed admission. */
    synchronized void record(Admission admission, Outcome outcome) {
        state = switch (outcome) {
            case SUCCESS -> state.onSuccess(admission.trial());
            case FAILURE -> state.onFailure(admission.trial(), clock.millis());
            case UNKNOWN -> admission.trial() ? state.onTrialAbandoned() : state;
        };
    }

    public synchronized CircuitState state() {
        return state.name();
    }
}
