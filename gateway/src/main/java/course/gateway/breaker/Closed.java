package course.gateway.breaker;

import course.gateway.config.BreakerConfig;

/** Calls flow; {@code threshold} failures in a row open the circuit, any success resets the count. */
record Closed(BreakerConfig settings, int consecutiveFailures) implements BreakerState {

    @Override
    public CircuitState name() {
        return CircuitState.CLOSED;
    }

    @Override
    public Move admit(long nowMillis) {
        return new Move(Admission.allow(), this);
    }

    @Override
    public BreakerState onSuccess(boolean trial) {
        return consecutiveFailures == 0 ? this : new Closed(settings, 0);
    }

    @Override
    public BreakerState onFailure(boolean trial, long nowMillis) {
        int failures = consecutiveFailures + 1;
        return failures >= settings.failureThreshold() ? new Open(settings, nowMillis) : new Closed(settings, failures);
    }
}
