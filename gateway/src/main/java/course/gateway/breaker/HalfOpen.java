package course.gateway.breaker;

import course.gateway.config.BreakerConfig;

/**
 * Exactly one trial call is let through; every other request is refused while it runs. The trial's success
 * closes the circuit, its failure opens it again for another cool-down.
 */
record HalfOpen(BreakerConfig settings, boolean trialInFlight) implements BreakerState {
    /** What a refused request is told to wait while the trial runs. */
    private static final long TRIAL_RETRY_AFTER_MILLIS = 1000;

    @Override
    public CircuitState name() {
        return CircuitState.HALF_OPEN;
    }

    @Override
    public Move admit(long nowMillis) {
        if (trialInFlight) {
            return new Move(Admission.refuse(TRIAL_RETRY_AFTER_MILLIS), this);
        }
        return new Move(Admission.trialCall(), new HalfOpen(settings, true));
    }

    @Override
    public BreakerState onSuccess(boolean trial) {
        return trial ? new Closed(settings, 0) : this;
    }

    @Override
    public BreakerState onFailure(boolean trial, long nowMillis) {
        return trial ? new Open(settings, nowMillis) : this;
    }

    @Override
    public BreakerState onTrialAbandoned() {
        return new HalfOpen(settings, false);
    }
}
