package course.serviceb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.testkit.RecordingWebSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServiceBTest {
    /** A guard on every wait below, not a bound: each ends as soon as what it waits for happens. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceB service;

    @BeforeAll
    static void start() {
        service = ServiceB.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static RecordingWebSocket connect() throws InterruptedException {
        return RecordingWebSocket.connect("ws://127.0.0.1:" + service.port() + "/ws");
    }

    private static String url(ServiceB service, String path) {
        return "ws://127.0.0.1:" + service.port() + path;
    }

    private static JsonNode health(ServiceB service) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void echoesTextAndBinaryInOrder() throws Exception {
        var client = connect();
        byte[] big = new byte[1024 * 1024];
        new Random(1).nextBytes(big);
        client.send("hello");
        client.send(big);
        client.send("world");
        assertEquals("hello", client.nextText());
        assertArrayEquals(big, client.nextBinary());
        assertEquals("world", client.nextText());
        client.closeBlocking();
    }

    /**
     * Many binary messages back to back, each different, to a client that reads them only afterwards (so the echo's
     * sends wait): every one comes back whole and unchanged, in order.
     */
    @Test
    void echoesBinaryMessagesSentBackToBack() throws Exception {
        try (var client = SlowReader.connect(url(service, "/ws"))) {
            var random = new Random(2);
            var sent = new ArrayList<byte[]>();
            for (int i = 0; i < 200; i++) {
                byte[] message = new byte[64 * 1024];
                random.nextBytes(message);
                sent.add(message);
                client.socket().sendBinary(ByteBuffer.wrap(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            List<byte[]> echoed = client.read(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), echoed.get(i), "message " + i);
            }
        }
    }

    @Test
    void echoesTheClientsCloseCodeAndReason() throws Exception {
        var client = connect();
        client.close(4001, "done here");
        assertEquals("4001 done here", client.awaitClose());
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() throws Exception {
        var client = connect();
        client.send(new byte[ServiceB.MAX_MESSAGE_BYTES + 1]);
        assertTrue(client.awaitClose().startsWith("1009"), client.closeOutcome());
    }

    @Test
    void healthAnswersOk() throws Exception {
        JsonNode health = health(service);
        assertEquals("ok", health.path("status").asText(), health.toString());
        assertTrue(health.path("openSessions").isInt(), health.toString());
    }

    /**
     * A session waiting in /ws/stuck is let go when Service B stops, so stopping neither hangs on it nor has to
     * interrupt its thread (Jetty does that after 2.5 s, and the log then shows a warning with a stack trace).
     */
    @Test
    void stoppingServiceBLetsGoOfAStuckSession() throws Exception {
        ServiceB own = ServiceB.start("127.0.0.1", 0);
        var client = RecordingWebSocket.connect(url(own, "/ws/stuck")).waitingAtMost(WAIT);
        client.send("first");
        Awaitility.await("Service B took the first message").atMost(WAIT)
                .until(() -> health(own).path("stuckBytesRead").asLong() == 5);
        var log = new ListAppender<ILoggingEvent>();
        log.start();
        var root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try {
            CompletableFuture.runAsync(own::stop).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            root.detachAppender(log);
        }
        assertEquals(List.of(), log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(event -> event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                        : ": " + event.getThrowableProxy().getClassName())).toList());
        assertTrue(client.waitForClose(), "the client's socket is still open: " + client.closeOutcome());
    }

    @Test
    void theFloodSendsMessagesOfTheAskedSize() throws Exception {
        assertEquals(List.of(1000, 1000, 1000), firstMessageSizes("/ws/flood?bytes=1000", 3));
        assertEquals(List.of(1024, 1024), firstMessageSizes("/ws/flood?bytes=1K", 2));
        assertEquals(List.of(ServiceB.DEFAULT_FLOOD_BYTES), firstMessageSizes("/ws/flood", 1));
    }

    /** The sizes of the first {@code count} messages the shared service sends on {@code path}; reads no more. */
    private static List<Integer> firstMessageSizes(String path, int count) throws Exception {
        try (var reader = SlowReader.connect(url(service, path))) {
            return reader.read(count).stream().map(message -> message.length).toList();
        }
    }

    @Test
    void theFloodClosesWith1008OnASizeItCannotSend() throws Exception {
        for (String size : List.of("lots", "0", "17M", "-1")) {
            var client = new RecordingWebSocket(url(service, "/ws/flood?bytes=" + size)).waitingAtMost(WAIT);
            client.tryConnect(); // the close may come before it returns
            assertEquals("1008 bytes must be a size from 1 to 16M (such as 65536, 64K or 1M), got '" + size + "'",
                    client.awaitClose());
        }
    }

    /** WsCat, the course's by-hand client, reports a server that goes away at once, while it waits for a line. */
    @Test
    void wsCatReportsAServerThatGoesAwayWithoutWaitingForInput() throws Exception {
        ServiceB own = ServiceB.start("127.0.0.1", 0);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process cat = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WsCat.class.getName(),
                "ws://127.0.0.1:" + own.port() + "/ws").redirectErrorStream(true).start();
        try {
            var out = new BufferedReader(new InputStreamReader(cat.getInputStream()));
            assertTrue(out.readLine().startsWith("connected to "), "WsCat did not connect");
            own.stop(); // stdin stays open: WsCat is waiting for a line
            assertTrue(cat.waitFor(30, TimeUnit.SECONDS), "WsCat still waits for input after the server went away");
            String rest = new String(cat.getInputStream().readAllBytes());
            assertTrue(rest.startsWith("closed: ") || rest.startsWith("connection failed: "), rest);
            assertFalse(rest.contains("Exception"), rest);
        } finally {
            cat.destroyForcibly();
        }
    }
}
