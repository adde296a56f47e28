package course.gateway.breaker;

/**
 * A circuit breaker's answer to a request that wants to call its upstream: whether it may, whether it is the
 * half-open trial (whose outcome decides whether the circuit closes), and, when refused, how long until a call
 * might be let through.
 */
public record Admission(boolean allowed, boolean trial, long retryAfterMillis) {

    /** An ordinary call, while the circuit is closed. */
    public static Admission allow() {
        return new Admission(true, false, 0);
    }

    /** The one call that finds out whether the upstream has recovered. */
    public static Admission trialCall() {
        return new Admission(true, true, 0);
    }

    /** No call now; one might be let through in {@code retryAfterMillis}. */
    public static Admission refuse(long retryAfterMillis) {
        return new Admission(false, false, retryAfterMillis);
    }
}
