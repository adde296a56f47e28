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
        // step:c-breaker begin halfOpenAdmit
        if (trialInFlight) {
            return Admission.refuse(this, TRIAL_RETRY_AFTER_MILLIS);
        }
        return new Admission(true, true, new HalfOpen(settings, true), 0);
        // step:c-breaker end
    }

    @Override
    public BreakerState onSuccess(boolean trial) {
        // step:c-breaker begin halfOpenOnSuccess
        return trial ? new Closed(settings, 0) : this;
        // step:c-breaker end
    }

    @Override
    public BreakerState onFailure(boolean trial, long nowMillis) {
        // step:c-breaker begin halfOpenOnFailure
        return trial ? new Open(settings, nowMillis) : this;
        // step:c-breaker end
    }

    @Override
    public BreakerState onTrialAbandoned() {
        return new HalfOpen(settings, false);
    }
}
