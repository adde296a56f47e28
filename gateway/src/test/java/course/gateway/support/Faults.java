package course.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Fault-injecting upstreams: each a {@link FakeUpstream} that fails in one way Envoy's and Kong's docs name. A
 * refused connection needs no upstream at all: {@link course.testkit.ClosedPort}.
 */
public final class Faults {
    /** Longer than any test runs: the gateway's timeout, or closing the upstream, ends the wait. */
    private static final long FOREVER_MS = 120_000;

    private Faults() {}

    /** Accepts the connection and the request, then never answers. */
    public static FakeUpstream neverAnswers() throws IOException {
        return new FakeUpstream((socket, out) -> Thread.sleep(FOREVER_MS));
    }

    /** Sends these bytes (a head, perhaps part of a body), then stalls with the connection open. */
    public static FakeUpstream stallsAfter(String headers) throws IOException {
        return new FakeUpstream((socket, out) -> {
            write(out, headers);
            out.flush();
            Thread.sleep(FOREVER_MS);
        });
    }

    /**
     * Sends the head and part of the body, then resets the connection (RST, not a clean close): SO_LINGER 0 makes
     * closing the socket abort it.
     */
    public static FakeUpstream resetsAfter(String partialResponse) throws IOException {
        return new FakeUpstream((socket, out) -> {
            write(out, partialResponse);
            out.flush();
            Thread.sleep(100); // let the gateway start relaying before the reset
            socket.setSoLinger(true, 0);
            socket.close();
        });
    }

    /** Answers every request with this status and a short body. */
    public static FakeUpstream answersStatus(int status) throws IOException {
        return new FakeUpstream((socket, out) -> write(out, "HTTP/1.1 " + status + " Status\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok"));
    }

    /** Streams an endless chunked body in 64 KiB pieces until the gateway hangs up. */
    public static FakeUpstream streamsForever() throws IOException {
        return new FakeUpstream((socket, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] piece = new byte[64 * 1024];
            for (long sent = 0; sent < 8L * 1024 * 1024 * 1024; sent += piece.length) {
                write(out, Integer.toHexString(piece.length) + "\r\n");
                out.write(piece);
                write(out, "\r\n");
                Thread.sleep(2);
            }
        });
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
