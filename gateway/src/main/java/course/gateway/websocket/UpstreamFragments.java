package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.java_websocket.enums.Opcode;

/**
 * Sends a large message to the upstream as a fragmented message (RFC 6455 section 5.4): {@value #PIECE_BYTES} bytes
 * per frame, waiting while the connection has more than {@link UpstreamSocket#HIGH_WATER_BYTES} queued. Sent whole,
 * Java-WebSocket copies a message into one frame (and a text message into its UTF-8 bytes first), which held it
 * twice more. An upstream that takes nothing for the send timeout is cut off (1001), as a client that does not read
 * is; sending then fails with Java-WebSocket's WebsocketNotConnectedException.
 */
final class UpstreamFragments {
    static final int PIECE_BYTES = 64 * 1024;

    private UpstreamFragments() {}

    /** False, sending nothing, if the message fits one piece. */
    static boolean sendInPieces(UpstreamSocket socket, ByteBuffer bytes) {
        if (bytes.remaining() <= PIECE_BYTES) {
            return false;
        }
        ByteBuffer rest = bytes.duplicate();
        while (rest.hasRemaining()) {
            int length = Math.min(PIECE_BYTES, rest.remaining());
            ByteBuffer piece = rest.slice(rest.position(), length);
            rest.position(rest.position() + length);
            socket.sendFragmentedFrame(Opcode.BINARY, piece, !rest.hasRemaining()); // copied into the frame
            pause(socket);
        }
        return true;
    }

    /** False, sending nothing, if the message fits one piece (3 bytes per character at most). */
    static boolean sendInPieces(UpstreamSocket socket, String text) {
        if ((long) text.length() * 3 <= PIECE_BYTES) {
            return false;
        }
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer in = CharBuffer.wrap(text);
        ByteBuffer piece = ByteBuffer.allocate(PIECE_BYTES);
        for (boolean last = false; !last; ) {
            CoderResult result = utf8.encode(in, piece, true);
            last = result.isUnderflow() && utf8.flush(piece).isUnderflow(); // everything encoded
            piece.flip();
            socket.sendFragmentedFrame(Opcode.TEXT, piece, last); // copied into the frame: the buffer is free again
            piece.clear();
            pause(socket);
        }
        return true;
    }

    private static void pause(UpstreamSocket socket) {
        try {
            socket.awaitRoomOrCutOff();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            socket.closeConnection(CloseCodes.GOING_AWAY, "gateway stopping");
        }
    }
}
