package course.gateway.breaker;

import course.gateway.config.BreakerConfig;

/**
 * Calls are refused without touching the upstream until the cool-down has passed; then the next request becomes
 * the half-open trial. Outcomes of calls admitted before the circuit opened change nothing.
 */
record Open(BreakerConfig settings, long openedAtMillis) implements BreakerState {

    @Override
    public CircuitState name() {
        return CircuitState.OPEN;
    }

    @Override
    public Move admit(long nowMillis) {
        long reopensAt = openedAtMillis + settings.coolDown().toMillis();
        if (nowMillis >= reopensAt) {
            return new Move(Admission.trialCall(), new HalfOpen(settings, true));
        }
        return new Move(Admission.refuse(reopensAt - nowMillis), this);
    }

    @Override
    public BreakerState onSuccess(boolean trial) {
        return this;
    }

    @Override
    public BreakerState onFailure(boolean trial, long nowMillis) {
        return this;
    }
}
