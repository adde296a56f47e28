package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.IProtocol;

/**
 * RFC 6455 as the gateway speaks it to an upstream (Java-WebSocket's {@link Draft_6455}, same settings), noting
 * two things on the way that the library keeps to itself:
 * <ul>
 *   <li>why the upstream refused the upgrade: the status line it answered with instead of 101 (Java-WebSocket
 *       then closes with 1002 and reports no error, which the relay used to mistake for a timeout);</li>
 *   <li>what the upstream's messages cost: every buffer of more than {@value #UNCOUNTED_BYTES} bytes the library
 *       allocates for a frame is first taken from the relay's {@link MessageBudget.Hold}; when it cannot be, the
 *       frame is refused with 1013 before it is read, and the relay closes.</li>
 * </ul>
 * Java-WebSocket works on a copy of the draft per connection; the copies share what they note.
 */
final class UpstreamDraft extends Draft_6455 {
    static final int UNCOUNTED_BYTES = 1024; // control frames (125 bytes at most) and small messages
    private static final int MAX_STATUS_LINE = 100;

    /** What the copies of one draft note, for the socket that made them. */
    static final class Notes {
        volatile String refusal;
        volatile MessageBudget.Hold hold;
        long credit; // taken already for the next allocation of the frame being read (read thread only)
        boolean wholeMessageTaken; // room for the largest message is held: the rest of it is covered
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

    /**
     * Java-WebSocket allocates twice for a frame that arrives in several reads: a buffer for the whole frame as soon
     * as its header is read, then one for its payload once it is complete. Both are taken at the first, which may
     * wait for room while the upstream is slowed by TCP; so a frame never waits half-read.
     */
    @Override
    public int checkAlloc(int bytes) throws InvalidDataException {
        int checked = super.checkAlloc(bytes);
        MessageBudget.Hold hold = notes.hold;
        if (hold == null || bytes <= UNCOUNTED_BYTES || notes.wholeMessageTaken) {
            return checked;
        }
        if (bytes <= notes.credit) {
            notes.credit -= bytes;
        } else if (hold.add(2L * bytes)) {
            notes.credit = bytes;
        } else {
            throw new InvalidDataException(CloseCodes.TRY_AGAIN_LATER, ClientEndpoint.BUSY);
        }
        return checked;
    }

    /**
     * The first frame of a fragmented message: its size is known only at its end, so room for the largest allowed
     * is taken now (waiting if need be, holding just this frame), and the message never waits for room half-way.
     */
    @Override
    public void processFrame(WebSocketImpl connection, Framedata frame) throws InvalidDataException {
        MessageBudget.Hold hold = notes.hold;
        boolean startsFragmented = !frame.isFin()
                && (frame.getOpcode() == Opcode.TEXT || frame.getOpcode() == Opcode.BINARY);
        if (hold != null && startsFragmented && !notes.wholeMessageTaken) {
            long more = 2L * getMaxFrameSize() - hold.held();
            if (more > 0 && !hold.add(more)) {
                throw new InvalidDataException(CloseCodes.TRY_AGAIN_LATER, ClientEndpoint.BUSY);
            }
            notes.wholeMessageTaken = true;
        }
        super.processFrame(connection, frame);
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
