package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Sends the client's messages to the upstream, on the thread that received them (one of the server's), in pieces of
 * at most {@value UpstreamWebSockets#PIECE_BYTES} bytes, and waits until each is written before the next. So the
 * client's next frame is not read while the upstream is slow to take this one (its backpressure), and what the
 * gateway holds for a message is the message itself and Jetty's masked copy of one piece, never of the whole. An
 * upstream that takes no piece for the send timeout is cut off: were the wait merely given up, every further message
 * of the client would queue up behind it, in the gateway.
 */
final class UpstreamSender {
    private final Session upstream;
    private final Duration sendTimeout;
    private final Runnable cutOff;

    /** @param cutOff ends the relay when the upstream took nothing for the send timeout */
    UpstreamSender(Session upstream, Duration sendTimeout, Runnable cutOff) {
        this.upstream = upstream;
        this.sendTimeout = sendTimeout;
        this.cutOff = cutOff;
    }

    void send(ByteBuffer message) throws InterruptedException {
        ByteBuffer rest = message.duplicate();
        boolean last;
        do {
            int length = Math.min(UpstreamWebSockets.PIECE_BYTES, rest.remaining());
            ByteBuffer piece = rest.slice(rest.position(), length);
            rest.position(rest.position() + length);
            last = !rest.hasRemaining();
            boolean fin = last;
            if (!sendAndWait((session, written) -> session.sendPartialBinary(piece, fin, written))) {
                return;
            }
        } while (!last);
    }

    void send(String message) throws InterruptedException {
        int at = 0;
        boolean last;
        do {
            int end = Math.min(message.length(), at + UpstreamWebSockets.PIECE_BYTES);
            if (end < message.length() && Character.isHighSurrogate(message.charAt(end - 1))) {
                end--; // a character of two chars is never split
            }
            String piece = message.substring(at, end);
            at = end;
            last = at == message.length();
            boolean fin = last;
            if (!sendAndWait((session, written) -> session.sendPartialText(piece, fin, written))) {
                return;
            }
        } while (!last);
    }

    /** Sends one piece and waits until it is written; false if the relay is over (cut off, or the upstream gone). */
    private boolean sendAndWait(BiConsumer<Session, Callback> send) throws InterruptedException {
        var written = new Callback.Completable();
        send.accept(upstream, written);
        try {
            written.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException notReading) {
            cutOff.run();
            return false;
        } catch (ExecutionException upstreamGone) {
            return false; // it closed meanwhile; its close is on its way to the client
        }
    }
}
