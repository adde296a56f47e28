package course.serviceb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
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

    /** A client that queues what it receives, so tests can wait for each message in order. */
    static final class RecordingClient extends WebSocketClient {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        RecordingClient(int port) {
            super(URI.create("ws://127.0.0.1:" + port + "/ws"));
        }

        @Override public void onOpen(ServerHandshake handshake) {}
        @Override public void onMessage(String message) { received.add(message); }
        @Override public void onMessage(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            received.add(copy);
        }
        @Override public void onClose(int code, String reason, boolean remote) { closed.complete(code + " " + reason); }
        @Override public void onError(Exception ex) { closed.completeExceptionally(ex); }
    }

    private static RecordingClient connect() throws InterruptedException {
        var client = new RecordingClient(service.port());
        assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "handshake with service-b");
        return client;
    }

    @Test
    void echoesTextAndBinaryInOrder() throws Exception {
        var client = connect();
        byte[] big = new byte[1024 * 1024];
        new Random(1).nextBytes(big);
        client.send("hello");
        client.send(big);
        client.send("world");
        assertEquals("hello", client.received.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(big, (byte[]) client.received.poll(5, TimeUnit.SECONDS));
        assertEquals("world", client.received.poll(5, TimeUnit.SECONDS));
        client.closeBlocking();
    }

    @Test
    void echoesTheClientsCloseCodeAndReason() throws Exception {
        var client = connect();
        client.close(4001, "done here");
        assertEquals("4001 done here", client.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aMessageOverTheLimitClosesWith1009() throws Exception {
        var client = connect();
        client.send(new byte[ServiceB.MAX_MESSAGE_BYTES + 1]);
        assertTrue(client.closed.get(10, TimeUnit.SECONDS).startsWith("1009"));
    }

    @Test
    void healthAnswersOk() throws Exception {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"status\":\"ok\""));
    }
}
