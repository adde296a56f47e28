package course.gateway.config;

import java.time.Duration;

/**
 * Bonus C: one circuit breaker per upstream URL.
 *
 * @param enabled          whether breakers are used at all
 * @param failureThreshold consecutive failures (connect error, timeout, 5xx) that open the circuit
 * @param coolDownSeconds  how long an open circuit refuses calls before one trial is let through
 */
public record BreakerConfig(Boolean enabled, Integer failureThreshold, Integer coolDownSeconds) {

    public BreakerConfig {
        enabled = enabled == null || enabled;
        failureThreshold = failureThreshold == null ? 5 : failureThreshold;
        coolDownSeconds = coolDownSeconds == null ? 30 : coolDownSeconds;
        Checks.range("failureThreshold", failureThreshold, 1, 1_000);
        Checks.range("coolDownSeconds", coolDownSeconds, 1, 3_600);
    }

    /** {@code coolDownSeconds} as a duration. */
    public Duration coolDown() {
        return Duration.ofSeconds(coolDownSeconds);
    }

    public static BreakerConfig defaults() {
        return new BreakerConfig(null, null, null);
    }
}
