package course.gateway.websocket;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes of WebSocket messages the gateway may hold at once, across every relay and both directions
 * ({@code websocket.maxBytesInFlight}). What the client sends is held whole on its way through (the gateway
 * assembles it), what the upstream sends piece by piece, so without a bound a few large messages at once ran the
 * heap out. Each relay takes its share in {@link Hold}s before it allocates. A share that does not fit is waited
 * for, the sender slowed by TCP meanwhile, for up to {@code maxWait}; then (or at once, when {@code maxWaiting}
 * relays wait already) the relay is closed with 1013 (try again later). Thread-safe.
 */
public final class MessageBudget {
    private final long limit;
    private final long maxWaitNanos;
    private final int maxWaiting;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private long inUse;
    private int waiting;

    /**
     * @param maxWait    how long a share may be waited for (a wait on other relays' I/O, so in real time)
     * @param maxWaiting how many may wait at once: a relay waits on a request thread, and those are for everyone
     */
    public MessageBudget(long limit, Duration maxWait, int maxWaiting) {
        this.limit = limit;
        this.maxWaitNanos = maxWait.toNanos();
        this.maxWaiting = maxWaiting;
    }

    /** Bytes held by all relays now. */
    public long inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    /** One relay's share for the message it is passing on now, in one direction. */
    Hold hold() {
        return new Hold();
    }

    /** How long a share may be waited for. */
    long maxWaitNanos() {
        return maxWaitNanos;
    }

    /** Takes {@code bytes} if they fit, else (only if {@code mayWait}) waits for room; false if none in time. */
    private boolean acquire(long bytes, boolean mayWait) {
        lock.lock();
        try {
            if (inUse + bytes <= limit) {
                inUse += bytes;
                return true;
            }
            if (!mayWait || waiting >= maxWaiting) {
                return false;
            }
            waiting++;
            try {
                long remaining = maxWaitNanos;
                while (inUse + bytes > limit) {
                    if (remaining <= 0) {
                        return false;
                    }
                    remaining = released.awaitNanos(remaining);
                }
                inUse += bytes;
                return true;
            } finally {
                waiting--;
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        lock.lock();
        try {
            inUse -= bytes;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * What one relay holds for one direction: taken when a message (or, from the upstream, a piece) starts, waiting
     * for room if need be; given back once it has been passed on or the relay closes.
     */
    final class Hold {
        private long held;

        /** Takes {@code bytes} more, or nothing and false if there was no room in time. */
        boolean add(long bytes) {
            return take(bytes, true);
        }

        /**
         * Takes {@code bytes} more if they fit now, without waiting: for a thread that must not block (the upstream
         * connections' shared threads), which tries again later instead.
         */
        boolean tryAdd(long bytes) {
            return take(bytes, false);
        }

        private boolean take(long bytes, boolean mayWait) {
            if (!acquire(bytes, mayWait)) {
                return false;
            }
            synchronized (this) {
                held += bytes;
            }
            return true;
        }

        /** Gives back {@code bytes} of what is held (no more than is held: a late give-back after releaseAll is 0). */
        void giveBack(long bytes) {
            long given;
            synchronized (this) {
                given = Math.min(bytes, held);
                held -= given;
            }
            MessageBudget.this.release(given);
        }

        /** Bytes held now. */
        synchronized long held() {
            return held;
        }

        void releaseAll() {
            long bytes;
            synchronized (this) {
                bytes = held;
                held = 0;
            }
            release(bytes);
        }
    }
}
