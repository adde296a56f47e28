package course.gateway.websocket;

/**
 * What the request log and the stats want to know about one relayed WebSocket: its route, client, request id,
 * when it opened, and how many messages went each way. Counters are updated from two threads, one per direction.
 */
public final class RelaySession {
    private final String route;
    private final String client;
    private final String requestId;
    private final long openedAtMillis;
    private volatile long messagesFromClient;
    private volatile long messagesFromUpstream;

    RelaySession(String route, String client, String requestId, long openedAtMillis) {
        this.route = route;
        this.client = client;
        this.requestId = requestId;
        this.openedAtMillis = openedAtMillis;
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

    public long openedAtMillis() {
        return openedAtMillis;
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
