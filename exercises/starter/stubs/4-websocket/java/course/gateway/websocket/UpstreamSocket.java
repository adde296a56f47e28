package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.JettyUpgradeListener;

/**
 * The gateway's WebSocket to the upstream for one client session, and the upstream's half of the relay. Jetty's
 * WebSocket client, one shared by every relay ({@link UpstreamWebSockets}), calls it as the upstream answers the
 * opening handshake and as its messages arrive. Its contract (exercises/steps/4-websocket.md, "Designing the
 * relay"):
 *
 * <ul>
 *   <li>Every message from the upstream reaches this session's client, text as text, binary as binary, in the
 *       order sent, counted in the {@link RelaySession}. None is read before the client's session has joined,
 *       so none is lost.</li>
 *   <li>Nothing piles up in the gateway's memory without limit, in either direction: while the client is slow to
 *       take messages, the upstream is slowed down; while the upstream is slow to take the client's messages, the
 *       client is. A side that takes nothing for {@code sendTimeout} may be given up on.</li>
 *   <li>When the upstream closes, the client is closed with the same code and reason, mapped by
 *       {@link CloseCodes} where they may not be sent as they are.</li>
 * </ul>
 *
 * Jetty calls the {@code onWebSocket...} methods on the shared client's few threads, which every relay needs:
 * none of them may wait for anything. This listener is not auto-demanding: Jetty reads the upstream's next
 * message (or its Close) only once asked, with {@code demand()} on the upstream's {@link Session}, once per
 * message. Public only because Jetty calls it by reflection.
 */
public final class UpstreamSocket implements Session.Listener, JettyUpgradeListener {
    private final Duration sendTimeout;
    private final RelaySession session;
    private volatile Session upstream;
    private volatile String answer;

    /**
     * @param sendTimeout how long one message may wait for the other side to take it (the route's timeout)
     * @param session     what the log and stats hear about this relay
     */
    UpstreamSocket(Duration sendTimeout, RelaySession session) {
        this.sendTimeout = sendTimeout;
        this.session = session;
    }

    /** What the log and stats hear about this relay: its route, client, request id and message counts. */
    RelaySession session() {
        return session;
    }

    /** Given: the status line the upstream answered the upgrade with ("404 Not Found"), if it answered. */
    String answer() {
        return answer;
    }

    /** Given: the subprotocol the upstream chose, or null ({@code UpstreamHandshake.passChosenSubprotocol}). */
    String chosenSubprotocol() {
        return upstream.getUpgradeResponse().getAcceptedSubProtocol();
    }

    @Override
    public void onHandshakeResponse(Request request, Response response) {
        answer = response.getStatus() + " " + response.getReason(); // given
    }

    @Override
    public void onWebSocketOpen(Session upstream) {
        // Given. Connected: nothing is read from the upstream until demand() is called.
        this.upstream = upstream;
    }

    @Override
    public void onWebSocketText(String message) {
        // TODO(step 4): pass this text message on to this session's client, as the class comment says, and read
        //   the upstream's next message only once the client has taken this one. See exercises/steps/4-websocket.md,
        //   "Pumping without piling up".
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        // TODO(step 4): pass this binary message on, as the text one. The buffer is Jetty's: it stays valid until
        //   you complete the callback, which tells Jetty it may reuse it.
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        // TODO(step 4): the upstream's side has closed: close the client's side with the same code and reason,
        //   mapped where needed, unless it is closed already. See exercises/steps/4-websocket.md,
        //   "Closing both ways".
    }

    @Override
    public void onWebSocketError(Throwable error) {
        // Given: nothing to do. A failed connection is what upstreams.connect throws; a connection that fails
        // later is closed by Jetty, and onWebSocketClose hears it (1006).
    }
}
