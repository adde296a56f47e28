package course.gateway.server;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Counts the requests being answered right now, so a shutdown can wait for them to finish. Thread-safe. */
public final class InFlightRequests {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int count;

    public void begin() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    public void end() {
        lock.lock();
        try {
            if (--count == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public int count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no request is in flight, or {@code grace} has passed; true if they all finished. */
    public boolean awaitIdle(Duration grace) throws InterruptedException {
        lock.lock();
        try {
            long remaining = grace.toNanos();
            while (count > 0 && remaining > 0) {
                remaining = idle.awaitNanos(remaining);
            }
            return count == 0;
        } finally {
            lock.unlock();
        }
    }
}
