package course.serviceb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.testkit.RecordingWebSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceBTest {
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
        try (var client = SlowReader.connect("ws://127.0.0.1:" + service.port() + "/ws")) {
            var random = new Random(2);
            var sent = new ArrayList<byte[]>();
            for (int i = 0; i < 200; i++) {
                byte[] message = new byte[64 * 1024];
                random.nextBytes(message);
                sent.add(message);
                client.socket().sendBinary(ByteBuffer.wrap(message), true).get(30, TimeUnit.SECONDS);
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
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"status\":\"ok\""));
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
