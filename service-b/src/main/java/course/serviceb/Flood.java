package course.serviceb;

import java.nio.ByteBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One {@code /ws/flood} session: binary messages of one size, one after another, each sent only once the last has
 * been written, until the session closes. So a client that reads slowly, or not at all, slows the flood through
 * TCP, and Service B never holds more than the one message. Nothing waits for a write: the next send starts from
 * the last one's callback, handed to another thread so that a run of writes that finish at once never deepens a
 * stack or keeps one of Jetty's threads busy. Once the session closes, Jetty fails the send under way and the
 * flood ends.
 */
final class Flood {
    private final Session session;
    private final byte[] message;
    private final AtomicLong bytesSent;

    /** @param bytesSent counts the bytes written, for {@code /health} */
    Flood(Session session, int messageBytes, AtomicLong bytesSent) {
        this.session = session;
        this.message = new byte[messageBytes];
        this.bytesSent = bytesSent;
    }

    void start() {
        sendNext();
    }

    private void sendNext() {
        if (session.isOpen()) {
            session.sendBinary(ByteBuffer.wrap(message), Callback.from(this::written, closedMeanwhile -> { }));
        }
    }

    private void written() {
        bytesSent.addAndGet(message.length);
        ForkJoinPool.commonPool().execute(this::sendNext);
    }
}
