package course.gateway.websocket;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The one Jetty WebSocket client that every relay's upstream connection shares. Its few threads read and write
 * for all connections as data arrives or sockets take more, so a held relay costs no thread of its own (a client
 * library with a thread or two per connection took 2,000 threads, and their buffers, for 1,000 relays).
 * Nothing that runs on these threads may wait: it would hold up every relay.
 */
final class UpstreamWebSockets {
    /**
     * What the upstream sends is read, and passed on to the client, in pieces of at most this size (a large frame
     * is split as it arrives); what the client sends goes upstream in frames of at most this size.
     */
    static final int PIECE_BYTES = 64 * 1024;
    /** Enough for the selector and the reads and writes under way; the relays never block one of them. */
    private static final int MAX_THREADS = 8;
    /**
     * Upgrades being connected at once per upstream (Jetty's default is 64). Each waits on one of the server's
     * request threads, so those bound it anyway; a connection is the relay's own once upgraded.
     */
    private static final int MAX_CONNECTING = 1024;

    private static final Duration JETTY_DEADLINES = Duration.ofMinutes(5);

    private final WebSocketClient client;
    private final Scheduler timers = new ScheduledExecutorScheduler("upstream-websockets-timer", true);

    /** @param maxMessageBytes the largest message a relay passes on (websocket.maxMessageBytes) */
    UpstreamWebSockets(long maxMessageBytes) {
        var threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("upstream-websockets");
        threads.setDaemon(true);
        var http = new HttpClient();
        http.setExecutor(threads);
        http.setScheduler(timers);
        http.setMaxConnectionsPerDestination(MAX_CONNECTING);
        // An upgrade is the client's request passed on: no User-Agent of Jetty's, no redirect followed, and no
        // cookie remembered from one upstream answer for the next relay (which would hand one user's to another).
        http.setUserAgentField(null);
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        client = new WebSocketClient(http);
        // A relay ends when its client's side does (that session has the idle timeout): this side never times out.
        client.setIdleTimeout(Duration.ZERO);
        // The route's timeout ends a connection attempt (the relay gives it up); Jetty's own deadlines are longer, so
        // that they never decide first: connecting (its default is 15 s), and an HTTP connection kept for reuse
        // after an upgrade the upstream refused, closed once idle this long.
        http.setConnectTimeout(JETTY_DEADLINES.toMillis());
        http.setIdleTimeout(JETTY_DEADLINES.toMillis());
        // Reads stay at Jetty's default size (4 KiB): Jetty also sizes each text message's decoder by it, and at
        // 64 KiB that zeroing cost the relay 60% more CPU per small message (measured: docs/performance.md).
        client.setMaxFrameSize(PIECE_BYTES);
        // For a listener that takes whole messages: Jetty assembles each up to this size, and closes the connection
        // with 1009 (too big) past it. (The relay takes pieces, and counts them against the same limit itself.)
        client.setMaxTextMessageSize(maxMessageBytes);
        client.setMaxBinaryMessageSize(maxMessageBytes);
    }

    /** For the server to start and stop along with itself. */
    LifeCycle lifeCycle() {
        return client;
    }

    /** Upstream connections open now (a test checks that none is left behind). */
    int openConnections() {
        return client.getOpenSessions().size();
    }

    /** Timers for the relays (send and budget deadlines), on one thread shared with the client's own. */
    Scheduler timers() {
        return timers;
    }

    /**
     * Opens {@code socket}'s connection: waits until the upstream has answered the opening handshake with a valid
     * 101, for at most {@code timeout}; Jetty has called {@code socket}'s {@code onWebSocketOpen} by then. An attempt
     * that took too long is given up: one that opens just then is ended at once.
     *
     * @throws TimeoutException   no answer in time
     * @throws ExecutionException the connection or the handshake failed: why is its cause
     */
    void connect(UpstreamSocket socket, ClientUpgradeRequest request, Duration timeout)
            throws IOException, ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture<Session> connecting = client.connect(socket, request, socket);
        try {
            connecting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException givenUp) {
            if (!connecting.cancel(true)) { // aborts the attempt, unless it has just opened: then that is ended
                connecting.thenAccept(Session::disconnect);
            }
            throw givenUp;
        }
    }
}
