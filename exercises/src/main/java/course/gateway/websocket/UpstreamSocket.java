package course.gateway.websocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.handshake.ServerHandshake;

/**
 * The gateway's connection to the upstream for one client session (a Java-WebSocket client), and the upstream's
 * half of the relay. Its contract (exercises/steps/4-websocket.md, "Designing the relay"):
 *
 * <ul>
 *   <li>Every message from the upstream reaches this session's client, text as text, binary as binary, in the
 *       order sent, counted in the {@link RelaySession}; one that arrives before the client's session is ready
 *       is delivered once it is, not lost.</li>
 *   <li>Nothing piles up in the gateway's memory without limit, in either direction: while the client is slow to
 *       take messages, the upstream is slowed down; while the upstream is slow to take the client's messages, the
 *       client is. A side that takes nothing for {@code sendTimeout} may be given up on.</li>
 *   <li>When the upstream closes, the client is closed with the same code and reason, mapped by
 *       {@link CloseCodes} where they may not be sent as they are.</li>
 * </ul>
 *
 * Java-WebSocket calls {@code onMessage} and {@code onClose} on this connection's own reading thread.
 */
final class UpstreamSocket extends WebSocketClient {
    static {
        // Given. Each connection's reading thread reads into an array of this size, and the JDK copies every read
        // through a direct buffer of the same size that it keeps per thread. The library's 64 KiB made those two
        // 128 KiB per relay (125 MiB for 1,000 idle relays); 16 KiB per read costs large messages a few more reads.
        DEFAULT_READ_BUFFER_SIZE = 16 * 1024;
    }

    private final Duration sendTimeout;
    private final RelaySession session;
    private volatile Exception failure;

    /**
     * @param sendTimeout how long connecting may take, and how long one message may wait for the other side to
     *                    take it (the route's timeout)
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

    /** What the log and stats hear about this relay: its route, client, request id and message counts. */
    RelaySession session() {
        return session;
    }

    /** Given: why connecting failed, if it did (null after a plain timeout); WebSocketRelay's failure reads it. */
    Exception failure() {
        return failure;
    }

    /** Given: the status line the upstream answered the upgrade with instead of 101, if it did. */
    String refusal() {
        return ((UpstreamDraft) getDraft()).notes().refusal;
    }

    /**
     * Given, and empty in the starter: you need not call it, and calling it changes nothing. (The reference's
     * relay calls it once connected, because the reference also counts the upstream's messages against the
     * gateway-wide budget of bytes in flight: production hardening that no step asks of you.)
     */
    void shareBudget(MessageBudget budget) {
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        // Nothing to do here: the relay starts once the client's side of the upgrade is done too.
    }

    @Override
    public void onMessage(String message) {
        // TODO(step 4): pass this text message on to this session's client, as the class comment says. See
        //   exercises/steps/4-websocket.md, "Pumping without piling up".
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        // TODO(step 4): pass this binary message on to this session's client, as the text one.
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        // TODO(step 4): the upstream's side has closed: close the client's side with the same code and reason,
        //   mapped where needed. This also runs when connecting failed, before any client exists (and none ever
        //   will), so it must never wait for one. See exercises/steps/4-websocket.md, "Closing both ways".
    }

    @Override
    public void onError(Exception error) {
        failure = error;
    }
}
