package course.gateway.websocket;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The two sessions of one relay, the client's and the upstream's, and how they end together. The upstream's opens
 * first; the client's joins once its upgrade has gone through, or never (then the upstream's is closed). A close
 * that reaches the client before it has joined is passed on when it joins.
 */
final class RelayEnds {
    private final CompletableFuture<Session> client = new CompletableFuture<>();
    private final AtomicBoolean closingUpstream = new AtomicBoolean();
    private final Duration closeTimeout;
    private final Scheduler timers;
    private final Runnable readOn;
    private volatile Session upstream;
    private volatile boolean upstreamClosed;

    /**
     * @param closeTimeout how long an upstream may take to answer the gateway's Close frame
     * @param readOn       makes the upstream's connection read on (its Close frame is read like any other)
     */
    RelayEnds(Duration closeTimeout, Scheduler timers, Runnable readOn) {
        this.closeTimeout = closeTimeout;
        this.timers = timers;
        this.readOn = readOn;
    }

    void upstreamOpened(Session upstream) {
        this.upstream = upstream;
        if (client.isCompletedExceptionally()) { // given up while the answer was on its way
            closeUnjoined();
        }
    }

    /** False if the client comes too late: the upstream's end is closed already. */
    boolean join(Session clientSession) {
        return client.complete(clientSession);
    }

    boolean joined() {
        return client.isDone() && !client.isCompletedExceptionally();
    }

    /** Closes the upstream's end (1001), now or once it opens, unless the client joins within {@code limit}. */
    void closeUnlessJoinedWithin(Duration limit) {
        client.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((joined, noClient) -> {
            if (noClient != null) {
                closeUnjoined();
            }
        });
    }

    /** No client will join: connecting failed or took too long (a connection that opened anyway is closed). */
    void abandon() {
        client.completeExceptionally(new CancellationException("the upgrade was given up"));
        closeUnjoined();
    }

    private void closeUnjoined() {
        closeUpstream(CloseCodes.GOING_AWAY, "the client did not complete its upgrade");
    }

    /** The gateway ends the relay: both sides hear the same code and reason. */
    void closeBoth(int code, String reason) {
        client.thenAccept(session -> session.close(code, reason, Callback.NOOP));
        closeUpstream(code, reason);
    }

    /** An upstream that reads nothing gets no Close frame either: its connection is ended, the client told why. */
    void cutOffUpstream(String reason) {
        client.thenAccept(session -> session.close(CloseCodes.GOING_AWAY, reason, Callback.NOOP));
        upstream.disconnect();
    }

    /**
     * Sends the upstream a Close frame, then reads on for its answer: an upstream that does not answer within the
     * close timeout has its connection ended.
     */
    void closeUpstream(int code, String reason) {
        Session upstream = this.upstream;
        if (upstream == null || upstreamClosed || !closingUpstream.compareAndSet(false, true)) {
            return;
        }
        upstream.close(code, reason, Callback.NOOP);
        readOn.run();
        timers.schedule(() -> {
            if (!upstreamClosed) {
                upstream.disconnect();
            }
        }, closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The upstream's end closed (its Close frame, or its connection ended): the client hears the mapped code. */
    void upstreamClosed(int code, String reason) {
        upstreamClosed = true;
        client.thenAccept(session -> {
            if (session.isOpen()) {
                session.close(CloseCodes.towardsClient(code), CloseCodes.reason(reason), Callback.NOOP);
            }
        });
    }
}
