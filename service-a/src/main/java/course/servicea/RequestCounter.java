package course.servicea;

import java.util.concurrent.atomic.AtomicLong;

/** Counts the requests this process has received; thread-safe. */
final class RequestCounter {
    private final AtomicLong count = new AtomicLong();

    long increment() {
        return count.incrementAndGet();
    }

    long current() {
        return count.get();
    }
}
