package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import course.gateway.support.FakeUpstream;
import course.gateway.support.Faults;
import course.gateway.support.TestBed;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A client that vanishes mid-upload or mid-download: the upstream call is cancelled (the upstream sees
 * its connection closed), the request leaves the gateway's in-flight count, and nothing is left behind.
 */
class DisconnectTest {
    /**
     * How long each outcome may take to show: a guard against waiting forever, not a speed requirement. On a
     * machine whose cores are all busy (scripts/busy-verify.sh with a second load beside it) noticing the vanished
     * client took more than 10 s once, and the fake upstream reading the forwarded megabyte a byte at a time took
     * longer still with stress-ng and other work beside it (load average 15).
     */
    private static final Duration BOUND = Duration.ofSeconds(60);
    @AutoClose
    private final TestBed bed = new TestBed();

    private void routeTo(FakeUpstream upstream) {
        bed.startGateway("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "up", "prefix": "/up", "upstreams": ["%s"], "timeoutMs": 30000}]}
                """.formatted(upstream.url()));
    }

    /** Closes with a reset (RST), as a crashed client or a dropped network would, not a polite FIN. */
    private static void vanish(Socket socket) throws Exception {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Test
    void aClientGoneMidUploadCancelsTheUpstreamCall() throws Exception {
        try (var upstream = Faults.answersStatus(200)) {
            routeTo(upstream);
            var socket = new Socket("127.0.0.1", bed.port());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /up/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024 * 1024]);
            out.flush();
            Awaitility.await().atMost(BOUND).until(() -> upstream.connections() == 1);
            vanish(socket);

            Awaitility.await().atMost(BOUND).until(() -> upstream.openConnections() == 0);
            Awaitility.await().atMost(BOUND).until(() -> bed.gateway().inFlightRequests() == 0);
            FakeUpstream.Received seen = upstream.received.poll();
            if (seen != null) {
                assertFalse(seen.complete(), "the upstream must not see the cut-off body as complete");
            }
        }
    }

    @Test
    void aClientGoneMidDownloadCancelsTheUpstreamCall() throws Exception {
        try (var upstream = Faults.streamsForever()) {
            routeTo(upstream);
            var socket = new Socket("127.0.0.1", bed.port());
            socket.getOutputStream().write("GET /up/download HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            for (long read = 0; read < 1024 * 1024; ) {
                read += in.read(buffer);
            }
            assertEquals(1, upstream.openConnections());
            vanish(socket);

            Awaitility.await().atMost(BOUND).until(() -> upstream.openConnections() == 0);
            Awaitility.await().atMost(BOUND).until(() -> bed.gateway().inFlightRequests() == 0);
        }
    }
}
