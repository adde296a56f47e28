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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServiceBTest {
    /** A guard on every wait below, not a bound: each ends as soon as what it waits for happens. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SENT = Pattern.compile("^sent (\\d+) messages \\(");
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
        return RecordingWebSocket.connect(url(service, "/ws"));
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

    /** /health counts the sessions open on all three WebSockets, and counts each down when it closes. */
    @Test
    void healthCountsTheSessionsOfEveryWebSocket() throws Exception {
        ServiceB own = ServiceB.start("127.0.0.1", 0);
        try {
            var clients = new ArrayList<RecordingWebSocket>();
            for (String path : List.of("/ws", "/ws/stuck", "/ws/flood?bytes=1K")) {
                clients.add(RecordingWebSocket.connect(url(own, path)).waitingAtMost(WAIT));
                int open = clients.size();
                Awaitility.await(path + " counted").atMost(WAIT)
                        .until(() -> health(own).path("openSessions").asInt() == open);
            }
            for (RecordingWebSocket client : clients) {
                client.close(4000, "done");
                assertTrue(client.waitForClose(), client.closeOutcome());
            }
            Awaitility.await("every session counted down").atMost(WAIT)
                    .until(() -> health(own).path("openSessions").asInt() == 0);
        } finally {
            own.stop();
        }
    }

    /**
     * /ws/stuck takes one message and then reads nothing more: WsCat flooding it sends until the socket buffers on
     * the way are full, and then stalls for good, while Service B says it took that one message and no more. WsCat
     * must report three stalled seconds in a row: against a route that read on, sends keep finishing, and a count
     * that stood still that long would need the machine to stand still too.
     */
    @Test
    void theStuckRouteTakesOneMessageAndThenStopsReading() throws Exception {
        ServiceB own = ServiceB.start("127.0.0.1", 0);
        try (var cat = WsCatProcess.start("--flood", "64K", url(own, "/ws/stuck"))) {
            assertTrue(cat.nextLine().startsWith("connected to "), cat.seen());
            var stalledInARow = new AtomicInteger();
            String line = cat.awaitLine(progress -> {
                if (!progress.contains(", stalled: nothing went out")) {
                    stalledInARow.set(0);
                    return false;
                }
                return stalledInARow.incrementAndGet() == 3;
            });
            Matcher sent = SENT.matcher(line);
            assertTrue(sent.find() && Long.parseLong(sent.group(1)) >= 1, line);

            long read = Awaitility.await("Service B took the first message").atMost(WAIT)
                    .until(() -> health(own).path("stuckBytesRead").asLong(), bytes -> bytes > 0);
            assertEquals(64 * 1024, read, "Service B read more than the first message: " + cat.seen());
        } finally {
            own.stop();
        }
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

    /**
     * A client that reads nothing holds /ws/flood back: Service B's count of bytes sent stops growing. WsCat
     * --no-read holds the connection, and once Enter is typed reads what waited, and the flood goes on.
     */
    @Test
    void wsCatNoReadHoldsTheFloodBackUntilItReads() throws Exception {
        ServiceB own = ServiceB.start("127.0.0.1", 0);
        try (var cat = WsCatProcess.start("--no-read", url(own, "/ws/flood"))) {
            assertTrue(cat.nextLine().startsWith("connected to "), cat.seen());
            assertTrue(cat.nextLine().startsWith("holding the connection for 1 s, reading nothing"), cat.seen());
            long held = awaitSteady(() -> health(own).path("floodBytesSent").asLong());
            assertTrue(held > 0, "the flood never started");

            cat.type("");
            Awaitility.await("the flood going on once WsCat reads").atMost(WAIT)
                    .until(() -> health(own).path("floodBytesSent").asLong() > held);
            cat.awaitLine(line -> line.startsWith("received ") && !line.startsWith("received 0 "));
        } finally {
            own.stop();
        }
    }

    /**
     * WsCat --no-read sees the server's Close frame only once it reads: here it is the first thing the server
     * sends (a size /ws/flood cannot send), and WsCat reports it after Enter. (Not a server that stops: when a
     * connection ends without a Close frame, Java 17's WebSocket client now and then misses its end on a busy
     * machine, and waits on.)
     */
    @Test
    void wsCatNoReadReportsTheServersCloseOnceItReads() throws Exception {
        try (var cat = WsCatProcess.start("--no-read", url(service, "/ws/flood?bytes=lots"))) {
            assertTrue(cat.nextLine().startsWith("connected to "), cat.seen());
            assertTrue(cat.nextLine().startsWith("holding the connection for 1 s, reading nothing"), cat.seen());
            cat.type("");
            String rest = cat.rest();
            assertTrue(rest.endsWith("closed: 1008 bytes must be a size from 1 to 16M (such as 65536, 64K or 1M), got"
                    + " 'lots'\n"), cat.seen());
        }
    }

    /** Waits until {@code value} has stayed the same for three polls a second apart, and returns it. */
    private static long awaitSteady(Callable<Long> value) {
        var last = new AtomicLong(-1);
        var sameInARow = new AtomicInteger();
        Awaitility.await("a steady value").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long now = value.call();
                    sameInARow.set(now == last.getAndSet(now) ? sameInARow.get() + 1 : 0);
                    return sameInARow.get() >= 3;
                });
        return last.get();
    }

    /** WsCat --flood against the echo: its count of messages sent goes up, and it reports the server's close. */
    @Test
    void wsCatFloodCountsUpAndReportsTheServersClose() throws Exception {
        ServiceB own = ServiceB.start("127.0.0.1", 0);
        try (var cat = WsCatProcess.start("--flood", "64K", url(own, "/ws"))) {
            assertTrue(cat.nextLine().startsWith("connected to "), cat.seen());
            long first = sentCount(cat.nextLine());
            cat.awaitLine(line -> sentCount(line) > first);

            own.stop(); // WsCat is sending: a connection that ends is noticed at the next send, if not before
            String rest = cat.rest();
            assertTrue(rest.contains("closed: ") || rest.contains("connection failed: "), cat.seen());
            assertFalse(rest.contains("\tat "), rest);
        } finally {
            own.stop();
        }
    }

    private static long sentCount(String line) {
        Matcher sent = SENT.matcher(line);
        assertTrue(sent.find(), "not a count of messages sent: " + line);
        return Long.parseLong(sent.group(1));
    }

    /** Wrong arguments get one line that says what is wrong and how to call it, and exit code 2. */
    @Test
    void wsCatAnswersBadArgumentsWithUsage() throws Exception {
        String url = "ws://127.0.0.1:9/ws";
        List<List<String>> bad = List.of(List.of(), List.of("--flood"), List.of("--flood", "lots", url),
                List.of("--flood", "0", url), List.of("--flood", "1M", "--no-read", url), List.of("--bogus", url),
                List.of("http://127.0.0.1:9/ws"), List.of(url, url), List.of("--header", "NoColon", url));
        for (List<String> args : bad) {
            try (var cat = WsCatProcess.start(args.toArray(String[]::new))) {
                String rest = cat.rest();
                assertEquals(2, cat.exitCode(), args + ": " + rest);
                assertTrue(rest.startsWith("WsCat: ") && rest.contains("; usage: WsCat ")
                        && rest.indexOf('\n') == rest.length() - 1, args + ": " + rest);
            }
        }
    }

    /** A /close line that asks for a Close frame a client may not send is refused with why, and WsCat goes on. */
    @Test
    void wsCatRefusesACloseItMayNotSendAndGoesOn() throws Exception {
        try (var cat = WsCatProcess.start(url(service, "/ws"))) {
            assertTrue(cat.nextLine().startsWith("connected to "), "WsCat did not connect: " + cat.seen());
            for (String bad : List.of("/close abc", "/close 1005", "/close 4000 " + "x".repeat(124))) {
                cat.type(bad);
                assertTrue(cat.nextLine().startsWith("not sent: /close takes a code"), bad + ": " + cat.seen());
            }
            cat.type("still open");
            assertEquals("< still open", cat.nextLine());
            cat.type("/close 4000 bye");
            String rest = cat.rest();
            assertTrue(rest.startsWith("closed: 4000 bye"), rest);
            assertFalse(rest.contains("Exception"), cat.seen());
        }
    }

    /** WsCat, the course's by-hand client, reports a server that goes away at once, while it waits for a line. */
    @Test
    void wsCatReportsAServerThatGoesAwayWithoutWaitingForInput() throws Exception {
        ServiceB own = ServiceB.start("127.0.0.1", 0);
        try (var cat = WsCatProcess.start(url(own, "/ws"))) {
            assertTrue(cat.nextLine().startsWith("connected to "), "WsCat did not connect: " + cat.seen());
            own.stop(); // stdin stays open: WsCat is waiting for a line
            String rest = cat.rest();
            assertTrue(rest.startsWith("closed: ") || rest.startsWith("connection failed: "), rest);
            assertFalse(rest.contains("Exception"), rest);
        } finally {
            own.stop();
        }
    }
}
