package course.serviceb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.testkit.RecordingWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
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
}
