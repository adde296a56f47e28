package course.gateway.breaker;

/** The three states of a circuit breaker, as shown in health, stats and metrics. */
public enum CircuitState { CLOSED, OPEN, HALF_OPEN }
