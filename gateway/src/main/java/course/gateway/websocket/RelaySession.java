package course.gateway.websocket;

/**
 * What the request log and the stats want to know about one relayed WebSocket: its route, client, request id,
 * how long it has been open, and how many messages went each way. Counters are updated from two threads, one per
 * direction.
 */
public final class RelaySession {
    private final String route;
    private final String client;
    private final String requestId;
    /** A duration is a measurement of real time: the JVM's monotonic clock, never the injected one. */
    private final long openedAtNanos = System.nanoTime();
    private volatile long messagesFromClient;
    private volatile long messagesFromUpstream;

    RelaySession(String route, String client, String requestId) {
        this.route = route;
        this.client = client;
        this.requestId = requestId;
    }

    public String route() {
        return route;
    }

    public String client() {
        return client;
    }

    public String requestId() {
        return requestId;
    }

    /** Milliseconds since the session opened. */
    public long durationMillis() {
        return (System.nanoTime() - openedAtNanos) / 1_000_000;
    }

    public long messagesFromClient() {
        return messagesFromClient;
    }

    public long messagesFromUpstream() {
        return messagesFromUpstream;
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField") // each counter has exactly one writing thread
    void countFromClient() {
        messagesFromClient++;
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    void countFromUpstream() {
        messagesFromUpstream++;
    }
}
