package course.gateway.breaker;

/**
 * One state of a circuit breaker and the moves out of it. States are immutable: every event returns the state to
 * be in next (possibly the same one). Times are milliseconds from the breaker's clock.
 */
sealed interface BreakerState permits Closed, Open, HalfOpen {

    CircuitState name();

    /** A request wants to call the upstream now. */
    Admission admit(long nowMillis);

    /** A call admitted in this state (the trial, if {@code trial}) went well. */
    BreakerState onSuccess(boolean trial);

    /** A call admitted in this state (the trial, if {@code trial}) failed. */
    BreakerState onFailure(boolean trial, long nowMillis);

    /** The trial ended without telling anything about the upstream (the client went away, say). */
    default BreakerState onTrialAbandoned() {
        return this;
    }

    /**
     * The answer to a request: whether it may call the upstream, whether it is the half-open trial, the state to
     * move to, and, when refused, how long until a call might be admitted.
     */
    record Admission(boolean allowed, boolean trial, BreakerState next, long retryAfterMillis) {
        static Admission allow(BreakerState next) {
            return new Admission(true, false, next, 0);
        }

        static Admission refuse(BreakerState next, long retryAfterMillis) {
            return new Admission(false, false, next, retryAfterMillis);
        }
    }
}
