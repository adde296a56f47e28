package course.testkit;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A WebSocket client that records everything that happens to it: the server's handshake answer, each message
 * (text as {@code String}, binary as {@code byte[]}) in the order it came, the close code and reason, and every
 * error. The blocking accessors wait at most {@link #waitingAtMost the wait} (10 s unless set) and then fail or
 * answer "nothing"; the others never block, for Awaitility's {@code until}. Fails a test with an
 * {@link AssertionError} that says what it saw, never by hanging.
 */
public final class RecordingWebSocket extends WebSocketClient {
    /** How long the blocking accessors wait unless told otherwise. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final List<Exception> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile ServerHandshake handshake;
    private volatile String closing;
    private volatile Duration wait = DEFAULT_WAIT;

    public RecordingWebSocket(String uri) {
        this(uri, Map.of());
    }

    /** A client that sends {@code headers} with its handshake. */
    public RecordingWebSocket(String uri, Map<String, String> headers) {
        this(uri, new Draft_6455(), headers);
    }

    /** A client with its own draft (e.g. one that offers subprotocols) and handshake headers. */
    public RecordingWebSocket(String uri, Draft draft, Map<String, String> headers) {
        super(URI.create(uri), draft, headers, (int) DEFAULT_WAIT.toMillis());
    }

    /** Connects, or fails with what the server answered when the handshake does not succeed. */
    public static RecordingWebSocket connect(String uri) throws InterruptedException {
        return new RecordingWebSocket(uri).connected();
    }

    /** Connects with {@code headers}, or fails with what the server answered. */
    public static RecordingWebSocket connect(String uri, Map<String, String> headers) throws InterruptedException {
        return new RecordingWebSocket(uri, headers).connected();
    }

    /** Sets how long the blocking accessors wait from now on; returns this. */
    public RecordingWebSocket waitingAtMost(Duration wait) {
        this.wait = wait;
        return this;
    }

    /** Opens the connection; returns this, or fails with what the server answered. */
    public RecordingWebSocket connected() throws InterruptedException {
        if (!tryConnect()) {
            throw new AssertionError("WebSocket handshake with " + getURI() + " failed: " + closeOutcome());
        }
        return this;
    }

    /** Opens the connection and waits for the handshake: true if it succeeded, false if refused or no answer. */
    public boolean tryConnect() throws InterruptedException {
        return connectBlocking(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The server's answer to the handshake (its status and headers); fails if the socket never opened. */
    public ServerHandshake handshake() {
        if (handshake == null) {
            throw new AssertionError("the WebSocket to " + getURI() + " never opened: " + closeOutcome());
        }
        return handshake;
    }

    /** The next message (a {@code String} or a {@code byte[]}), or null if none comes within the wait. */
    public Object next() throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message, which must be text and come within the wait. */
    public String nextText() throws InterruptedException {
        return expect(String.class, "text");
    }

    /** The next message, which must be binary and come within the wait. */
    public byte[] nextBinary() throws InterruptedException {
        return expect(byte[].class, "binary");
    }

    /** How many messages have arrived that {@link #next} has not taken yet. */
    public int unread() {
        return received.size();
    }

    /** Whether the socket has closed (whoever closed it, and also when the handshake failed). */
    public boolean hasClosed() {
        return closed.getCount() == 0;
    }

    /** Waits for the close, at most the wait: true if the socket has closed. */
    public boolean waitForClose() throws InterruptedException {
        return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the close and returns its code and reason as {@code "4001 bye"}; a refused handshake reads like
     * {@code "1002 Invalid status code received: 429 ..."}. Fails if the socket is still open after the wait.
     */
    public String awaitClose() throws InterruptedException {
        if (!waitForClose()) {
            throw new AssertionError("the WebSocket to " + getURI() + " did not close within "
                    + wait.toMillis() + " ms: " + closeOutcome());
        }
        return closing;
    }

    /**
     * How it ended so far, without waiting: the close's code and reason as {@link #awaitClose} gives them (or
     * "still open", or "no handshake answer yet"), followed by any errors.
     */
    public String closeOutcome() {
        String state = closing != null ? closing : handshake != null ? "still open" : "no handshake answer yet";
        return errors.isEmpty() ? state : state + " (errors: " + errors + ")";
    }

    /** The errors the connection reported, in order (e.g. connection refused). */
    public List<Exception> errors() {
        return List.copyOf(errors);
    }

    private <T> T expect(Class<T> type, String kind) throws InterruptedException {
        Object message = next();
        if (!type.isInstance(message)) {
            throw new AssertionError("expected a " + kind + " message within " + wait.toMillis() + " ms, got "
                    + (message == null ? "none (" + closeOutcome() + ")" : describe(message)));
        }
        return type.cast(message);
    }

    private static String describe(Object message) {
        return message instanceof byte[] bytes ? "binary of " + bytes.length + " bytes" : "text \"" + message + "\"";
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        this.handshake = handshake;
    }

    @Override
    public void onMessage(String message) {
        received.add(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        received.add(copy);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closing = code + " " + reason;
        closed.countDown();
    }

    @Override
    public void onError(Exception error) {
        errors.add(error);
    }
}
