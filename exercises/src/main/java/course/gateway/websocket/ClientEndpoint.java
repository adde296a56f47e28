package course.gateway.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty endpoint of one client's relayed WebSocket, wrapped around Javalin's: it takes the client's messages in
 * pieces, as they arrive, and assembles them itself within the {@link MessageBudget}, then hands each whole message
 * to Javalin's handlers (the relay). Left to Jetty, every session assembled its message before the gateway saw it,
 * and a few large messages at once ran the heap out. A message over {@code maxMessageBytes} closes the session with
 * 1009, one the budget cannot take with 1013; either way the relay's close handler then closes the upstream too.
 * Anything the handlers throw (an {@link OutOfMemoryError} included) is logged and closes the session with 1011 and
 * the gateway's own reason, never the exception's text. Public only because Jetty calls it by reflection.
 */
public final class ClientEndpoint implements Session.Listener.AutoDemanding {
    static final String BUSY = "gateway busy: too many large WebSocket messages in flight; try again later";
    private static final Logger LOG = LoggerFactory.getLogger(ClientEndpoint.class);

    private final Session.Listener javalin;
    private final MessageBudget.Hold hold;
    private final long maxMessageBytes;
    private final List<byte[]> binaryPieces = new ArrayList<>();
    private final List<String> textPieces = new ArrayList<>();
    private long messageBytes;
    private boolean started;
    private boolean refused;
    private volatile boolean closed;
    private volatile Session session;

    private ClientEndpoint(Session.Listener javalin, MessageBudget budget, long maxMessageBytes) {
        this.javalin = javalin;
        this.hold = budget.hold();
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Puts this endpoint around Javalin's for every WebSocket path. Javalin registers its endpoint as the default
     * mapping ("/") after this runs; a mapping for "/*" takes precedence and asks that one for Javalin's endpoint.
     */
    static void install(JettyWebSocketServletFactory factory, MessageBudget budget, long maxMessageBytes) {
        factory.addMapping("/*", (request, response) -> {
            JettyWebSocketCreator javalins = factory.getMapping("/");
            Object endpoint = javalins == null ? null : javalins.createWebSocket(request, response);
            return endpoint instanceof Session.Listener listener
                    ? new ClientEndpoint(listener, budget, maxMessageBytes) : endpoint;
        });
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        guarded(() -> javalin.onWebSocketOpen(session));
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        int length = payload.remaining();
        if (admit(length, last)) {
            byte[] piece = new byte[length]; // Jetty reuses its buffer once the callback has succeeded
            payload.get(piece);
            binaryPieces.add(piece);
        }
        callback.succeed();
        if (last && !refused) {
            ByteBuffer whole = ByteBuffer.wrap(binaryPieces.size() == 1 ? binaryPieces.get(0) : join(binaryPieces));
            binaryPieces.clear();
            guarded(() -> javalin.onWebSocketBinary(whole, Callback.NOOP));
        }
        endOfMessage(last);
    }

    @Override
    public void onWebSocketPartialText(String payload, boolean last) {
        if (admit(utf8Length(payload), last)) {
            textPieces.add(payload);
        }
        if (last && !refused) {
            String whole = textPieces.size() == 1 ? textPieces.get(0) : String.join("", textPieces); // no copy of one
            textPieces.clear();
            guarded(() -> javalin.onWebSocketText(whole));
        }
        endOfMessage(last);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        giveBack();
        guarded(() -> javalin.onWebSocketClose(statusCode, reason, callback));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        logIfOutOfMemory(cause);
        giveBack();
        guarded(() -> javalin.onWebSocketError(cause));
    }

    /**
     * Takes {@code bytes} more of the current message; false, and the session closing, if it may not. A message is
     * held twice while it is relayed (its pieces and then the whole; the whole and then Java-WebSocket's masked
     * frame of it). One that comes in one piece takes twice its size; one in several pieces, whose size is not
     * known until its last, takes twice the largest allowed from its first piece on, so that once started it never
     * waits for room half-way.
     */
    private boolean admit(long bytes, boolean last) {
        if (refused) {
            return false;
        }
        if (!started) {
            started = true;
            if (!take(2 * (last ? bytes : maxMessageBytes))) {
                refuse(CloseCodes.TRY_AGAIN_LATER, BUSY);
                return false;
            }
        }
        messageBytes += bytes;
        if (messageBytes > maxMessageBytes) {
            refuse(CloseCodes.TOO_BIG, "message over " + maxMessageBytes + " bytes");
        }
        return !refused;
    }

    /** May wait for room (see {@link MessageBudget}); gives it straight back if the session closed meanwhile. */
    private boolean take(long bytes) {
        boolean taken = !closed && hold.add(bytes);
        if (closed) {
            hold.releaseAll();
            return false;
        }
        return taken;
    }

    private void giveBack() {
        closed = true;
        hold.releaseAll();
    }

    private void refuse(int code, String reason) {
        if (code == CloseCodes.TRY_AGAIN_LATER) {
            LOG.warn("refused a client's WebSocket message (1013): no room in websocket.maxBytesInFlight in time");
        }
        refused = true;
        dropMessage();
        session.close(code, reason, Callback.NOOP);
    }

    private void endOfMessage(boolean last) {
        if (last) {
            dropMessage();
            started = false; // (a refused session stays refused: it is closing)
        }
    }

    private byte[] join(List<byte[]> pieces) {
        byte[] whole = new byte[(int) messageBytes];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, whole, at, piece.length);
            at += piece.length;
        }
        return whole;
    }

    private void dropMessage() {
        binaryPieces.clear();
        textPieces.clear();
        messageBytes = 0;
        hold.releaseAll();
    }

    /** The bytes of this text in UTF-8, as it came over the wire and as maxMessageBytes counts it. */
    static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800 && !Character.isSurrogate(c)) {
                bytes += 2;
            } else if (c >= 0x80) {
                bytes += 1; // two bytes; or a surrogate, two of which make four bytes
            }
        }
        return bytes;
    }

    private void guarded(Runnable call) {
        try {
            call.run();
        } catch (Throwable failure) { // Javalin handles exceptions itself: what comes here is an Error, or a bug
            logIfOutOfMemory(failure);
            if (!(failure instanceof OutOfMemoryError)) {
                LOG.error("a relayed WebSocket failed", failure);
            }
            binaryPieces.clear();
            textPieces.clear();
            giveBack();
            if (session != null && session.isOpen()) {
                session.close(CloseCodes.INTERNAL_ERROR, "gateway error", Callback.NOOP);
            }
        }
    }

    static void logIfOutOfMemory(Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            LOG.error("out of memory while relaying a WebSocket (heap too small for websocket.maxBytesInFlight?)",
                    failure);
        }
    }
}
