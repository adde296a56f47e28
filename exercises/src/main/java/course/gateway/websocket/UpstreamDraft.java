package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;

/**
 * RFC 6455 as the gateway speaks it to an upstream (Java-WebSocket's {@link Draft_6455}, same settings), noting on
 * the way what the library keeps to itself: why the upstream refused the upgrade, the status line it answered with
 * instead of 101. (Java-WebSocket then closes with 1002 and reports no error, which the relay used to mistake for a
 * timeout.) Java-WebSocket works on a copy of the draft per connection; the copies share what they note.
 */
final class UpstreamDraft extends Draft_6455 {
    private static final int MAX_STATUS_LINE = 100;

    /** What the copies of one draft note, for the socket that made them. */
    static final class Notes {
        volatile String refusal;
    }

    private final Notes notes;

    private UpstreamDraft(List<IExtension> extensions, List<IProtocol> protocols, int maxFrameSize, Notes notes) {
        super(extensions, protocols, maxFrameSize);
        this.notes = notes;
    }

    /** The same protocol as {@code draft} (which must be a {@link Draft_6455}), noting as above. */
    static UpstreamDraft of(Draft draft) {
        if (!(draft instanceof Draft_6455 rfc6455)) {
            throw new IllegalArgumentException("the relay speaks RFC 6455 (Draft_6455), not " + draft);
        }
        return new UpstreamDraft(rfc6455.getKnownExtensions(), rfc6455.getKnownProtocols(),
                rfc6455.getMaxFrameSize(), new Notes());
    }

    Notes notes() {
        return notes;
    }

    @Override
    public Draft copyInstance() {
        var extensions = new ArrayList<IExtension>();
        getKnownExtensions().forEach(extension -> extensions.add(extension.copyInstance()));
        var protocols = new ArrayList<IProtocol>();
        getKnownProtocols().forEach(protocol -> protocols.add(protocol.copyInstance()));
        return new UpstreamDraft(extensions, protocols, getMaxFrameSize(), notes);
    }

    @Override
    public Handshakedata translateHandshake(ByteBuffer answer) throws InvalidHandshakeException {
        ByteBuffer peek = answer.duplicate();
        try {
            return super.translateHandshake(answer);
        } catch (InvalidHandshakeException notSwitching) {
            notes.refusal = statusLine(peek); // not 101, or not HTTP/1.1
            throw notSwitching;
        }
    }

    @Override
    public HandshakeState acceptHandshakeAsClient(ClientHandshake request, ServerHandshake response)
            throws InvalidHandshakeException {
        HandshakeState state = super.acceptHandshakeAsClient(request, response);
        if (state != HandshakeState.MATCHED) {
            notes.refusal = response.getHttpStatus() + " " + response.getHttpStatusMessage()
                    + " with an invalid WebSocket handshake";
        }
        return state;
    }

    /** The first line of the answer, printable ASCII only and cut short: it ends up in an error message. */
    private static String statusLine(ByteBuffer answer) {
        var line = new StringBuilder();
        while (answer.hasRemaining() && line.length() < MAX_STATUS_LINE) {
            char c = (char) (answer.get() & 0xFF);
            if (c == '\r' || c == '\n') {
                break;
            }
            line.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        String text = line.toString().trim();
        // "HTTP/1.1 404 Not Found" -> "404 Not Found": the version says nothing to the client
        return text.startsWith("HTTP/") && text.indexOf(' ') > 0 ? text.substring(text.indexOf(' ') + 1) : text;
    }
}
