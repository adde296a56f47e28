package course.gateway.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An upstream that accepts the WebSocket and then reads nothing more: the client's messages queue up in the gateway
 * until more than the high-water mark waits for it, and once that has lasted the send timeout (the route's, 1 s here)
 * the relay is cut off with 1001 on the client's side. Before, the gateway gave up waiting for that one message and
 * queued every further one after it, holding them all.
 */
class UpstreamNotReadingTest {
    private static final Pattern KEY = Pattern.compile("(?i)\r\nSec-WebSocket-Key: *([^\r]+)");

    /** Answers one upgrade with 101, then holds the connection open without reading another byte. */
    private static Socket acceptAndStopReading(ServerSocket server) throws Exception {
        Socket socket = server.accept();
        String head = RawHttp.readHead(socket.getInputStream());
        Matcher key = KEY.matcher(head);
        if (!key.find()) {
            throw new IOException("no Sec-WebSocket-Key in " + head);
        }
        byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.group(1).trim()
                + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    @Test
    void anUpstreamThatStopsReadingIsCutOffAfterTheSendTimeout() throws Exception {
        try (var server = new ServerSocket()) {
            server.setReceiveBufferSize(64 * 1024); // so that the gateway's queue fills up, not only the kernel's
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            var upstreamSide = CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptAndStopReading(server);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            try (var bed = new TestBed("""
                    {"server": {"port": 0}, "rateLimit": {"enabled": false},
                     "routes": [{"name": "stuck", "prefix": "/stuck", "upstreams": ["http://127.0.0.1:%d"],
                                 "timeoutMs": 1000}]}
                    """.formatted(server.getLocalPort()))) {
                var client = new RecordingWebSocket("ws://127.0.0.1:" + bed.port() + "/stuck/ws")
                        .waitingAtMost(Duration.ofSeconds(30)); // guards, not bounds: each wait ends when it is met
                client.connected();
                try (Socket upstream = upstreamSide.get(30, TimeUnit.SECONDS)) {
                    byte[] message = new byte[32 * 1024];
                    for (int i = 0; i < 1024; i++) { // 32 MiB, far more than the socket buffers on the way take
                        client.send(message);
                    }

                    // The gateway closes the client's side with 1001 and its reason while the client's own frames
                    // are still arriving unread; closing that connection then resets it (RST), which can reach the
                    // client before the Close frame does: the client sees it drop (1006), as in MessageBudgetTest.
                    // Cut off either way, which is what this checks; without the cut-off it stays open.
                    String close = client.awaitClose();
                    assertTrue(close.equals("1001 upstream not reading") || close.startsWith("1006"),
                            "the relay is cut off, but the client saw: " + close);
                    Awaitility.await("the relay gone").atMost(Duration.ofSeconds(30))
                            .until(() -> bed.stat("activeWebSockets") == 0);
                }
            }
        }
    }
}
