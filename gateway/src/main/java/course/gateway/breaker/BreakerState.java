package course.gateway.breaker;

/**
 * One state of a circuit breaker and the moves out of it. States are immutable: every event returns the state to
 * be in next (possibly the same one). Times are milliseconds from the breaker's clock.
 */
sealed interface BreakerState permits Closed, Open, HalfOpen {

    CircuitState name();

    /** A request wants to call the upstream now: the answer it gets, and the state to be in next. */
    Move admit(long nowMillis);

    /** A call admitted in this state (the trial, if {@code trial}) went well. */
    BreakerState onSuccess(boolean trial);

    /** A call admitted in this state (the trial, if {@code trial}) failed. */
    BreakerState onFailure(boolean trial, long nowMillis);

    /** The trial ended without telling anything about the upstream (the client went away, say). */
    default BreakerState onTrialAbandoned() {
        return this;
    }

    /** What admitting a request does: the {@link Admission} it gets, and the state the breaker moves to. */
    record Move(Admission admission, BreakerState next) {}
}
