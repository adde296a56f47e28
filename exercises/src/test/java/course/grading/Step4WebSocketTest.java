package course.grading;

import course.testkit.ClosedPort;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "4", title = "WebSocket relay", guide = "exercises/steps/4-websocket.md")
@Timeout(30)
class Step4WebSocketTest {
    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"enabled\": false},", ""));

    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final Pattern OPEN_SESSIONS = Pattern.compile("\"openSessions\"\\s*:\\s*(\\d+)");
    private static final String WSCAT = "java -cp service-b/target/service-b.jar course.serviceb.WsCat"
            + " ws://localhost:8000/service-b/ws";

    private static AssertionError failure(String expected, String got, String hint) {
        return new AssertionError(Failure.message(WSCAT, expected, got, hint));
    }

    /** A client that waits up to 5 s for each answer, so that a silent gateway costs little of the 30 s. */
    private static RecordingWebSocket client(String url) {
        return new RecordingWebSocket(url).waitingAtMost(Duration.ofSeconds(5));
    }

    private RecordingWebSocket connect() throws InterruptedException {
        var client = client(course.wsUrl("/service-b/ws"));
        if (!client.tryConnect()) {
            throw failure("the WebSocket handshake to succeed", client.closeOutcome(),
                    "WebSocketRelay.connect must open the upstream socket, then let the upgrade go ahead");
        }
        return client;
    }

    @Test
    @Points(4)
    @DisplayName("text messages are echoed through the gateway")
    void textIsRelayed() throws Exception {
        RecordingWebSocket client = connect();
        client.send("hello through the gateway");
        Object echo = client.next();
        if (!"hello through the gateway".equals(echo)) {
            throw failure("the text back from Service B", String.valueOf(echo),
                    "client -> upstream: ws.onMessage sends it on; upstream -> client: UpstreamSocket.onMessage");
        }
        client.closeBlocking();
    }

    @Test
    @Points(3)
    @DisplayName("binary messages keep every byte, and order is kept")
    void binaryAndOrder() throws Exception {
        RecordingWebSocket client = connect();
        byte[] data = new byte[100_000];
        new java.util.Random(4).nextBytes(data);
        client.send("first");
        client.send(data);
        client.send("last");
        Object first = client.next();
        Object binary = client.next();
        Object last = client.next();
        if (!"first".equals(first) || !(binary instanceof byte[] bytes) || !Arrays.equals(data, bytes)
                || !"last".equals(last)) {
            throw failure("\"first\", the 100000 bytes, \"last\", in that order", first + ", "
                    + (binary instanceof byte[] b ? b.length + " bytes" : binary) + ", " + last,
                    "relay binary frames as binary (ws.onBinaryMessage, UpstreamSocket.onMessage(ByteBuffer));"
                            + " ctx.data() is a ByteBuffer that Jetty reuses once your handler returns: copy it first");
        }
        client.closeBlocking();
    }

    @Test
    @Points(3)
    @DisplayName("a close on either side closes the other, with its code and reason")
    void closesTravelBothWays() throws Exception {
        RecordingWebSocket client = connect();
        awaitServiceBSessions(1, "the relayed session open at Service B", "connect opens one upstream per session");
        client.close(4001, "bye");
        client.waitingAtMost(Duration.ofSeconds(10)).waitForClose();
        String closed = client.closeOutcome();
        if (!closed.equals("4001 bye")) {
            throw failure("close 4001 bye (Service B echoes the close it receives)", closed,
                    "ws.onClose closes the upstream with the client's code and reason (CloseCodes.towardsUpstream)");
        }
        // Jetty answers the client's Close frame by itself, so the echo above does not prove the upstream heard it.
        awaitServiceBSessions(0, "Service B's side closed too",
                "the client closed, but the upstream socket stayed open: ws.onClose must close the upstream");

        RecordingWebSocket other = connect();
        course.serviceB.stop(); // Service B says goodbye (1001) to every session it has
        String otherClosed = other.waitForClose() ? other.closeOutcome() : "still open 5 s after Service B went away";
        if (!otherClosed.startsWith("1001") && !otherClosed.startsWith("1011")) {
            throw failure("the client closed with 1001 (Service B's going away) or 1011 once Service B stopped",
                    otherClosed, "when the upstream closes, UpstreamSocket.onClose closes the client's session with"
                            + " its code (CloseCodes.towardsClient)");
        }
    }

    /** Waits up to 5 s for Service B's own count of open sessions (its /health) to be {@code expected}. */
    private void awaitServiceBSessions(int expected, String what, String hint) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(this::serviceBSessions, String.valueOf(expected)::equals);
        } catch (ConditionTimeoutException notYet) {
            throw failure(what + " (Service B's open sessions: " + expected + ")",
                    "Service B's open sessions: " + serviceBSessions(), hint);
        }
    }

    private String serviceBSessions() {
        var health = new Request.Builder().url("http://127.0.0.1:" + course.serviceB.port() + "/health").build();
        try (Response response = HTTP.newCall(health).execute()) {
            Matcher open = OPEN_SESSIONS.matcher(response.body().string());
            return open.find() ? open.group(1) : "unknown (no openSessions in its /health)";
        } catch (IOException unreachable) {
            return "unknown (" + unreachable + ")";
        }
    }

    @Test
    @Points(2)
    @DisplayName("five sessions at once stay separate")
    void concurrentSessions() throws Exception {
        var clients = new RecordingWebSocket[5];
        for (int i = 0; i < 5; i++) {
            clients[i] = connect();
        }
        for (int i = 0; i < 5; i++) {
            clients[i].send("session " + i);
        }
        for (int i = 0; i < 5; i++) {
            Object got = clients[i].next();
            if (!("session " + i).equals(got)) {
                throw failure("each session gets its own messages back", "session " + i + " got " + got,
                        "one upstream connection per client session, found from that session's own context"
                                + " (never a field shared by every session)");
            }
            clients[i].closeBlocking();
        }
    }

    @Test
    @Points(2)
    @DisplayName("an unreachable upstream fails the handshake with 502")
    void unreachableUpstream() throws Exception {
        try (var closed = ClosedPort.reserve();
             var down = new Course(Course.config("\"rateLimit\": {\"enabled\": false},", ", {\"name\": \"down\","
                     + " \"prefix\": \"/down\", \"upstreams\": [\"" + closed.url() + "\"]}"))) {
            var client = client(down.wsUrl("/down/ws"));
            boolean connected = client.tryConnect();
            String outcome = client.closeOutcome();
            if (connected || !outcome.contains("502")) {
                throw failure("the handshake refused with 502", connected ? "it connected" : outcome,
                        "connect to the upstream first; when that fails, throw UpstreamFailure's response(route)");
            }
        }
    }
}
