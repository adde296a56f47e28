package course.gateway.websocket;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes what the upstream sends to the client, piece by piece as Jetty reads it, in order, and decides when the
 * upstream's connection reads on. Jetty reads the next piece only when asked ({@code demand()}), and it is asked only
 * while fewer than {@value #MAX_SENDS_IN_FLIGHT} sends to the client are under way: a client that is slow to take
 * them leaves the rest in TCP at the upstream instead of in the gateway, and one that takes nothing for the send
 * timeout loses the relay (1001, {@code client not reading}). Every piece but a whole message of at most
 * {@value #UNCOUNTED_BYTES} bytes holds twice its size of the {@link MessageBudget} until written. One that finds
 * no room is offered again every few milliseconds (these threads are shared by every relay, so they may not wait)
 * for up to the budget's wait; then the relay closes with 1013. Nothing is assembled: a large message is held only
 * a piece at a time.
 */
final class ClientDelivery {
    static final int MAX_SENDS_IN_FLIGHT = 16;
    static final int UNCOUNTED_BYTES = 1024; // control-sized and small messages
    private static final long RETRY_MILLIS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ClientDelivery.class);

    /** One piece of a message from the upstream: its size, how to send it on, and what to tell Jetty once sent. */
    record Piece(long bytes, boolean last, BiConsumer<Session, Callback> send, Callback read) {}

    private final UpstreamSocket relay;
    private final MessageBudget.Hold hold;
    private final long maxWaitNanos;
    private final Duration sendTimeout;
    private final Scheduler timers;
    private final long maxMessageBytes;
    private volatile Session upstream;
    private volatile Session client;
    private long messageBytes; // of the message under way; pieces come one at a time
    private boolean midMessage;
    private int sendsInFlight; // this and the two below: guarded by this
    private boolean demanding;
    private Scheduler.Task stalled; // set while reading waits for a send: the client's deadline

    ClientDelivery(UpstreamSocket relay, MessageBudget budget, Duration sendTimeout, Scheduler timers,
                   long maxMessageBytes) {
        this.relay = relay;
        this.hold = budget.hold();
        this.maxWaitNanos = budget.maxWaitNanos();
        this.sendTimeout = sendTimeout;
        this.timers = timers;
        this.maxMessageBytes = maxMessageBytes;
    }

    void opened(Session upstream) {
        this.upstream = upstream;
    }

    /** The client's side has joined: read the first piece (the upstream waited in TCP until now). */
    void start(Session client) {
        this.client = client;
        demand();
    }

    /** Reads on whatever comes, dropping it, so that the upstream's Close is read once the client is gone. */
    void drain() {
        demand();
    }

    void accept(Piece piece) {
        synchronized (this) {
            demanding = false;
        }
        boolean first = !midMessage;
        midMessage = !piece.last();
        messageBytes = (first ? 0 : messageBytes) + piece.bytes();
        if (!clientOpen()) {
            dropped(piece);
        } else if (messageBytes > maxMessageBytes) {
            relay.ends().closeBoth(CloseCodes.TOO_BIG, "message over " + maxMessageBytes + " bytes");
            dropped(piece);
        } else {
            long share = first && piece.last() && piece.bytes() <= UNCOUNTED_BYTES ? 0 : 2 * piece.bytes();
            takeShareThenSend(piece, first, share, System.nanoTime());
        }
    }

    private void takeShareThenSend(Piece piece, boolean first, long share, long waitingSince) {
        if (share == 0 || hold.tryAdd(share)) {
            send(piece, first, share);
        } else if (!clientOpen()) {
            dropped(piece);
        } else if (System.nanoTime() - waitingSince >= maxWaitNanos) {
            LOG.warn("refused an upstream's WebSocket message (1013): no room in websocket.maxBytesInFlight in time");
            relay.ends().closeBoth(CloseCodes.TRY_AGAIN_LATER, ClientEndpoint.BUSY);
            dropped(piece);
        } else {
            timers.schedule(() -> relay.guarded(() -> takeShareThenSend(piece, first, share, waitingSince)),
                    RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void send(Piece piece, boolean first, long share) {
        if (first) {
            relay.session().countFromUpstream(); // counted before it can arrive
        }
        synchronized (this) {
            sendsInFlight++;
        }
        piece.send().accept(client, Callback.from(() -> sent(piece, share), failure -> {
            sent(piece, share);
            clientFailed(failure);
        }));
        boolean readOn;
        synchronized (this) {
            readOn = sendsInFlight < MAX_SENDS_IN_FLIGHT;
            if (!readOn) {
                stalled = timers.schedule(this::clientNotReading, sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (readOn) {
            demand();
        }
    }

    /** A send finished (or failed): its share goes back, Jetty may reuse its buffer, and reading may go on. */
    private void sent(Piece piece, long share) {
        hold.giveBack(share);
        piece.read().succeed();
        Scheduler.Task resumed;
        synchronized (this) {
            sendsInFlight--;
            resumed = stalled;
            stalled = null;
        }
        if (resumed != null) {
            resumed.cancel();
            demand();
        }
    }

    private void dropped(Piece piece) {
        piece.read().succeed();
        demand();
    }

    /** Asks Jetty for the next piece, unless that is asked already (Jetty allows one demand at a time). */
    private void demand() {
        Session upstream = this.upstream;
        synchronized (this) {
            if (demanding || upstream == null) {
                return;
            }
            demanding = true;
        }
        upstream.demand();
    }

    private boolean clientOpen() {
        Session client = this.client;
        return client != null && client.isOpen();
    }

    private void clientNotReading() {
        synchronized (this) {
            if (stalled == null) {
                return; // a send finished meanwhile
            }
            stalled = null;
        }
        clientFailed(new IllegalStateException("no send finished within " + sendTimeout.toMillis() + " ms"));
    }

    /** A client that does not take its messages in time, or is gone, loses the relay; the rest is drained. */
    private void clientFailed(Throwable why) {
        LOG.debug("could not pass a message to the client: {}", why.toString());
        relay.ends().closeBoth(CloseCodes.GOING_AWAY, "client not reading");
        drain();
    }
}
