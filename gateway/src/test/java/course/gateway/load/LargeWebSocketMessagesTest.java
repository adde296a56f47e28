package course.gateway.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.GatewayProcess;
import course.serviceb.ServiceB;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight clients each send one message of {@code websocket.maxMessageBytes} (16 MiB) at once, four as text and four
 * as binary, through a gateway in its own JVM with run-all.sh's heap (-Xms64m -Xmx256m), to Service B's echo. Every
 * session must end with its whole message echoed or with a clean close of the gateway's own (1013, try again later),
 * never with the JVM's "Java heap space", never with nothing; the gateway must log no OutOfMemoryError, and once the
 * clients have gone it must hold no session and no message bytes. Twice, so that the second round finds everything
 * given back. Before the message budget, five such messages ran this heap out.
 */
@Tag("slow")
class LargeWebSocketMessagesTest {
    private static final int CLIENTS = 8;
    private static final int MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final String BUSY = "1013 gateway busy: too many large WebSocket messages in flight; try again later";

    @TempDir
    Path dir;
    private final ServiceB serviceB = ServiceB.start("127.0.0.1", 0);
    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayProcess gateway;

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
        serviceB.stop();
    }

    @Test
    void eightSixteenMebibyteMessagesAtOnceAreEchoedOrRefusedCleanlyWithinRunAllsHeap() throws Exception {
        gateway = GatewayProcess.start(dir, """
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "service-b", "prefix": "/service-b",
                             "upstreams": ["http://127.0.0.1:%d"], "timeoutMs": 30000}]}
                """.formatted(serviceB.port()), List.of("-Xms64m", "-Xmx256m"));
        for (int round = 1; round <= 2; round++) {
            var outcomes = new TreeMap<String, Integer>();
            List<RecordingWebSocket> clients = new ArrayList<>();
            List<Object> sent = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RecordingWebSocket.connect("ws://127.0.0.1:" + gateway.port() + "/service-b/ws"));
                sent.add(message(i));
            }
            for (int i = 0; i < CLIENTS; i++) {
                if (sent.get(i) instanceof String text) {
                    clients.get(i).send(text);
                } else {
                    clients.get(i).send((byte[]) sent.get(i));
                }
            }
            for (int i = 0; i < CLIENTS; i++) {
                RecordingWebSocket client = clients.get(i);
                Object echo = client.waitingAtMost(Duration.ofSeconds(120)).next();
                if (echo != null) {
                    assertEcho(sent.get(i), echo);
                    outcomes.merge("echoed", 1, Integer::sum);
                } else {
                    String closed = client.closeOutcome();
                    assertEquals(BUSY, closed, "session " + i + " ended without its echo");
                    outcomes.merge("1013", 1, Integer::sum);
                }
            }
            System.out.printf("round %d: %s%n", round, outcomes);
            for (RecordingWebSocket client : clients) {
                client.closeBlocking();
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String stats = stats();
                assertTrue(stats.contains("\"activeWebSockets\":0,"), stats);
                assertTrue(stats.contains("\"webSocketBytesInFlight\":0,"), stats);
            });
            assertTrue(outcomes.getOrDefault("echoed", 0) >= 1, "some messages get through: " + outcomes);
        }
        assertTrue(gateway.isAlive());
        assertFalse(gateway.output().contains("OutOfMemoryError"), gateway.output());
        assertFalse(gateway.output().contains("Java heap space"), gateway.output());
    }

    /** Four texts and four byte arrays of 16 MiB, each different. */
    private static Object message(int i) {
        byte[] bytes = new byte[MESSAGE_BYTES];
        new Random(i).nextBytes(bytes);
        if (i % 2 == 1) {
            return bytes;
        }
        for (int b = 0; b < bytes.length; b++) {
            bytes[b] = (byte) ('a' + (bytes[b] & 15)); // ASCII, so the text is MESSAGE_BYTES long in UTF-8 too
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static void assertEcho(Object sent, Object echo) {
        if (sent instanceof String text) {
            assertEquals(text, echo, "the text came back whole");
        } else {
            assertArrayEquals((byte[]) sent, (byte[]) echo, "the bytes came back whole");
        }
    }

    private String stats() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/gateway/stats"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
