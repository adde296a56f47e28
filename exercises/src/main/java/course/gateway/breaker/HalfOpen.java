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
    public Admission admit(long nowMillis) {
        // TODO(bonus C): admit exactly one trial; while it runs, refuse others (retry after TRIAL_RETRY_AFTER_MILLIS).
        return Admission.allow(this);
    }

    @Override
    public BreakerState onSuccess(boolean trial) {
        // TODO(bonus C): the trial's success closes the circuit.
        return this;
    }

    @Override
    public BreakerState onFailure(boolean trial, long nowMillis) {
        // TODO(bonus C): the trial's failure opens the circuit for another cool-down.
        return this;
    }

    @Override
    public BreakerState onTrialAbandoned() {
        return new HalfOpen(settings, false);
    }
}
