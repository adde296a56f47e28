package course.serviceb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code /ws/stuck} sessions, an upstream that stops reading: each takes its first message and then waits in
 * the handler, and Jetty reads a session's next frame only once its handler has returned. What the client sends
 * after that stays in TCP, and the client's sends slow down and stop. The wait ends when the session closes or the
 * service stops. A session that waits reads nothing, not even the client's Close frame, so it closes only when
 * Service B stops or its idle timeout ends it, as a stuck service's would.
 */
final class StuckSessions {
    private final Map<String, CountDownLatch> waits = new ConcurrentHashMap<>();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile boolean stopping;

    void opened(String sessionId) {
        waits.put(sessionId, new CountDownLatch(1));
    }

    /** Counts the message, then waits until the session closes or the service stops. */
    void take(String sessionId, long messageBytes) throws InterruptedException {
        bytesRead.addAndGet(messageBytes);
        CountDownLatch wait = waits.get(sessionId);
        if (wait != null && !stopping) {
            wait.await();
        }
    }

    void closed(String sessionId) {
        CountDownLatch wait = waits.remove(sessionId);
        if (wait != null) {
            wait.countDown();
        }
    }

    /** Ends every wait, now and from now on: the service is stopping, and its threads must be free to. */
    void releaseAll() {
        stopping = true;
        waits.values().forEach(CountDownLatch::countDown);
    }

    /** The bytes of the messages taken so far, by every session. */
    long bytesRead() {
        return bytesRead.get();
    }
}
