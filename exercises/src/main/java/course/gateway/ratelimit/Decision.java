package course.gateway.ratelimit;

import java.time.Duration;

/**
 * The answer to "may this client make a request now?".
 *
 * @param allowed    whether the request may go ahead
 * @param limit      the client's limit per window
 * @param remaining  requests the client could still make right now
 * @param retryAfter when rejected, how long until one request would pass (zero when allowed)
 * @param resetAfter how long until the client's whole budget is back
 */
public record Decision(boolean allowed, int limit, long remaining, Duration retryAfter, Duration resetAfter) {

    /** {@code retryAfter} in whole seconds, rounded up, as HTTP's Retry-After wants it. */
    public long retryAfterSeconds() {
        return ceilSeconds(retryAfter);
    }

    public long resetAfterSeconds() {
        return ceilSeconds(resetAfter);
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
