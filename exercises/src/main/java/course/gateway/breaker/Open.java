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
    public Admission admit(long nowMillis) {
        // TODO(bonus C): refuse (Admission.refuse with the time left) until settings.coolDown() has passed since
        // openedAtMillis; then admit one trial and move to HalfOpen.
        return Admission.allow(this);
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
