package course.gateway.websocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's connection to the upstream for one client session (a Java-WebSocket client). Messages from the
 * upstream are passed to the client's Jetty session without waiting for each to be written: up to
 * {@link #MAX_SENDS_IN_FLIGHT} sends may be under way at once, and a message that holds part of the
 * {@link MessageBudget} is waited for (its bytes go back to the budget once it is written). While the client is slow
 * to take them, this connection's reader waits for a send to finish, so the upstream is slowed by TCP instead of the
 * gateway buffering without bound. Sending towards the upstream waits likewise while more than
 * {@link #HIGH_WATER_BYTES} are queued for it.
 */
final class UpstreamSocket extends WebSocketClient {
    static final int HIGH_WATER_BYTES = 1024 * 1024;
    /**
     * Sends to the client under way at once. Waiting for each one cost a thread wake-up per message whenever Jetty
     * finished the write on another thread; a few in flight keep the reader reading, and since only messages of
     * at most {@value UpstreamDraft#UNCOUNTED_BYTES} bytes go without waiting, a client that stops reading still
     * leaves at most this many small messages in the gateway.
     */
    static final int MAX_SENDS_IN_FLIGHT = 16;
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSocket.class);
    /**
     * How long a connected upstream waits for the client's side of the upgrade to join it. Normally milliseconds;
     * a client that fails its upgrade or leaves mid-way never joins, and nothing else would end this connection.
     * Generous, so a busy machine never cuts a real relay short.
     */
    static final Duration CLIENT_JOIN_LIMIT = Duration.ofSeconds(30);

    static {
        // Each connection's reading thread reads into an array of this size, and the JDK copies every read through a
        // direct buffer of the same size that it keeps per thread. The library's 64 KiB made those two 128 KiB per
        // relay (125 MiB for 1,000 idle relays); 16 KiB per read costs large messages a few more reads. The
        // kernel's receive buffer is left to size itself.
        DEFAULT_READ_BUFFER_SIZE = 16 * 1024;
    }

    private final CompletableFuture<Session> clientSession = new CompletableFuture<>();
    private final Semaphore sendsInFlight = new Semaphore(MAX_SENDS_IN_FLIGHT);
    private final Duration sendTimeout;
    private final RelaySession session;
    private volatile Exception failure;

    /**
     * @param sendTimeout how long one message may wait for the other side to take it
     * @param session     what the log and stats hear about this relay
     */
    UpstreamSocket(URI uri, Draft draft, Map<String, String> headers, Duration sendTimeout, RelaySession session) {
        super(uri, UpstreamDraft.of(draft), headers, (int) Math.min(Integer.MAX_VALUE, sendTimeout.toMillis()));
        this.sendTimeout = sendTimeout;
        this.session = session;
        setTcpNoDelay(true);
        // Java-WebSocket would start a ping timer thread per connection to notice a dead peer; the client-facing
        // Jetty session's idle timeout already ends a dead relay (and closes this side), so 1,000 relays keep
        // 1,000 threads fewer.
        setConnectionLostTimeout(0);
    }

    /** Joins this connection to the client's session; a message that arrived first is then delivered. */
    void attach(Session client) {
        clientSession.complete(client);
    }

    /** Closes this connection (1001) unless a client session joins it within {@code limit}. */
    void closeUnlessJoinedWithin(Duration limit) {
        clientSession.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((client, timedOut) -> {
            if (timedOut != null) {
                close(CloseCodes.GOING_AWAY, "the client did not complete its upgrade");
            }
        });
    }

    RelaySession session() {
        return session;
    }

    /** Why connecting failed, if it did (null after a plain timeout). */
    Exception failure() {
        return failure;
    }

    /** The status line the upstream answered the upgrade with instead of 101, if it did. */
    String refusal() {
        return notes().refusal;
    }

    /** From now on, the buffers of the upstream's messages are taken from {@code budget} (a second call is ignored). */
    void shareBudget(MessageBudget budget) {
        if (notes().hold == null) {
            notes().hold = budget.hold();
        }
    }

    private UpstreamDraft.Notes notes() {
        return ((UpstreamDraft) getDraft()).notes();
    }

    /** Sends towards the upstream, then waits while too much is queued for it (the client's backpressure). */
    void sendWithBackpressure(Runnable send) throws InterruptedException {
        send.run();
        awaitRoomOrCutOff();
    }

    /**
     * Waits while more than {@link #HIGH_WATER_BYTES} are queued for the upstream. One that leaves them there for the
     * send timeout is cut off (1001, as a client that does not read is): were the wait merely given up, every
     * further message of the client would be queued after it, and the gateway would hold them all.
     */
    void awaitRoomOrCutOff() throws InterruptedException {
        if (!awaitQueueBelowHighWater()) {
            LOG.debug("the upstream took nothing for {} ms: relay closed", sendTimeout.toMillis());
            closeConnection(CloseCodes.GOING_AWAY, "upstream not reading");
        }
    }

    /**
     * Waits while more than {@link #HIGH_WATER_BYTES} are queued; false if that lasted the send timeout. A wait on
     * real I/O, so bounded in real time (the JVM's monotonic clock): the injected clock is for decisions, and a
     * test that holds it still must not make this wait forever.
     */
    private boolean awaitQueueBelowHighWater() throws InterruptedException {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        while (isOpen() && aboveHighWater()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private boolean aboveHighWater() {
        var queue = ((org.java_websocket.WebSocketImpl) getConnection()).outQueue;
        // No frame the gateway queues is larger than a piece (UpstreamFragments) and its header: while there are
        // too few frames to reach the mark, they are not counted. Counting locks the queue against Java-WebSocket's
        // writing thread, and most of the time, after a small message, the queue holds one frame or none.
        if ((long) queue.size() * (UpstreamFragments.PIECE_BYTES + 14) <= HIGH_WATER_BYTES) {
            return false;
        }
        long total = 0;
        for (ByteBuffer frame : queue) {
            total += frame.remaining();
        }
        return total > HIGH_WATER_BYTES;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        // Nothing to do until the client's side of the upgrade completes and attach() is called.
    }

    @Override
    public void onMessage(String message) {
        deliver((client, done) -> client.sendText(message, done));
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        deliver((client, done) -> client.sendBinary(bytes, done)); // Java-WebSocket's buffer, ours to pass on
    }

    /**
     * Passes one message to the client on this connection's reader thread: waits for a free send (the client's
     * backpressure), then sends, and waits for that send to finish only if the message holds part of the budget.
     */
    private void deliver(BiConsumer<Session, Callback> send) {
        boolean holdsBudget = notes().hold != null && notes().hold.held() > 0;
        try {
            Session client = clientSession.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!client.isOpen()) {
                return;
            }
            if (!sendsInFlight.tryAcquire(sendTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("no send finished within " + sendTimeout.toMillis() + " ms");
            }
            session.countFromUpstream(); // counted before it can arrive, so a close right after sees it counted
            if (holdsBudget) {
                var done = new Callback.Completable();
                send.accept(client, done);
                done.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS); // sends finish in order: earlier ones too
                sendsInFlight.release();
            } else {
                send.accept(client, Callback.from(sendsInFlight::release, this::clientFailed));
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (Exception clientStuckOrGone) {
            clientFailed(clientStuckOrGone);
        } finally {
            if (holdsBudget) {
                releaseBudget(); // passed on (or dropped): its buffers are the collector's now
            }
        }
    }

    /** A client that does not take its messages in time, or is gone, loses the relay. */
    private void clientFailed(Throwable why) {
        LOG.debug("could not pass a message to the client: {}", why.toString());
        close(CloseCodes.GOING_AWAY, "client not reading");
    }

    private void releaseBudget() {
        MessageBudget.Hold hold = notes().hold;
        if (hold != null) {
            notes().credit = 0;
            notes().wholeMessageTaken = false;
            hold.releaseAll();
        }
    }

    /**
     * Sends a large message in pieces, waiting while more than {@link #HIGH_WATER_BYTES} are queued: Java-WebSocket
     * would otherwise copy the whole message into one frame first. A smaller one goes as one frame.
     */
    @Override
    public void send(ByteBuffer bytes) {
        if (!UpstreamFragments.sendInPieces(this, bytes)) {
            super.send(bytes);
        }
    }

    @Override
    public void send(byte[] bytes) {
        send(ByteBuffer.wrap(bytes));
    }

    @Override
    public void send(String text) {
        if (!UpstreamFragments.sendInPieces(this, text)) {
            super.send(text);
        }
    }

    /**
     * The read thread, which ends when the connection does. Java-WebSocket catches exceptions only: an {@link Error}
     * such as {@link OutOfMemoryError} ended this thread silently and left the relay open on both sides. It is
     * logged, and both sides are closed. What was held for a message never delivered is given back.
     */
    @Override
    public void run() {
        try {
            super.run();
        } catch (Throwable error) {
            ClientEndpoint.logIfOutOfMemory(error);
            if (!(error instanceof OutOfMemoryError)) {
                LOG.error("the upstream WebSocket connection failed", error);
            }
            getConnection().closeConnection(CloseCodes.INTERNAL_ERROR, "gateway error");
        } finally {
            releaseBudget();
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        clientSession.thenAccept(session -> {
            if (session.isOpen()) {
                session.close(CloseCodes.towardsClient(code), CloseCodes.reason(reason), Callback.NOOP);
            }
        });
    }

    @Override
    public void onError(Exception error) {
        failure = error;
        if (clientSession.isDone()) { // before that, a failure is the upgrade's 502 and needs no log line
            LOG.warn("a relayed WebSocket closes after an error on the upstream's side: {}", error.getMessage());
        }
    }
}
