package course.gateway.breaker;

import java.time.Duration;

/** When a circuit opens ({@code failureThreshold} failures in a row) and how long it stays open. */
public record BreakerSettings(int failureThreshold, Duration coolDown) {}
