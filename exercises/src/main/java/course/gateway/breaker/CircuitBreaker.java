package course.gateway.breaker;

import course.gateway.routing.UpstreamPicker.Outcome;
import java.time.Clock;

/**
 * One upstream's circuit breaker: asks the current {@link BreakerState} whether a call may go ahead and moves to
 * the state it names, all decided from the injected clock. Thread-safe. It knows nothing of HTTP.
 */
public final class CircuitBreaker {
    private final Clock clock;
    private BreakerState state;

    public CircuitBreaker(BreakerSettings settings, Clock clock) {
        this.clock = clock;
        this.state = new Closed(settings, 0);
    }

    /** A permit to call the upstream, or a refusal saying how long to wait. */
    public record Permit(boolean allowed, boolean trial, long retryAfterMillis) {}

    public synchronized Permit tryAcquire() {
        BreakerState.Admission admission = state.admit(clock.millis());
        state = admission.next();
        return new Permit(admission.allowed(), admission.trial(), admission.retryAfterMillis());
    }

    /** Reports how a permitted call went. Must be called once per allowed permit. */
    public synchronized void record(Permit permit, Outcome outcome) {
        state = switch (outcome) {
            case SUCCESS -> state.onSuccess(permit.trial());
            case FAILURE -> state.onFailure(permit.trial(), clock.millis());
            case UNKNOWN -> permit.trial() ? state.onTrialAbandoned() : state;
        };
    }

    public synchronized CircuitState state() {
        return state.name();
    }
}
