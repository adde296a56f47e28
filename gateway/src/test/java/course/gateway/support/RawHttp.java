package course.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends bytes exactly as written, for requests that a well-behaved client library would refuse or tidy up. */
public final class RawHttp {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\nContent-Length: *(\\d+)");

    private RawHttp() {}

    /** Sends the request text and returns everything the server sent until it closed (5 s at most). */
    public static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            var received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read; (read = in.read(buffer)) != -1; ) {
                    received.write(buffer, 0, read);
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException stopped) {
                // what arrived so far is the answer
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Reads one HTTP head, up to and including its blank line, byte by byte so that nothing after it is consumed;
     * fails if the connection ends first.
     */
    public static String readHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended inside an HTTP head: " + head);
            }
            head.append((char) b); // ISO-8859-1: one char per byte
        }
        return head.toString();
    }

    /**
     * Sends the request text and returns the first response, read up to the end of its Content-Length body, for
     * connections the server keeps open (5 s at most).
     */
    public static String firstResponse(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            var received = new StringBuilder();
            int headEnd = -1;
            long length = 0;
            for (int b; (b = in.read()) != -1; ) {
                received.append((char) b);
                if (headEnd < 0 && received.toString().endsWith("\r\n\r\n")) {
                    headEnd = received.length();
                    Matcher contentLength = CONTENT_LENGTH.matcher(received);
                    length = contentLength.find() ? Long.parseLong(contentLength.group(1)) : 0;
                }
                if (headEnd >= 0 && received.length() - headEnd >= length) {
                    break;
                }
            }
            return received.toString();
        }
    }

    /** The status code of a raw response, or -1 if the server sent nothing. */
    public static int status(String response) {
        return response.length() < 12 ? -1 : Integer.parseInt(response.substring(9, 12));
    }

    /** A slow client's move: sends one more byte; true (and closes the socket) if the gateway has hung up. */
    public static boolean trickleOrSeeClosed(Socket socket) {
        try {
            socket.setSoTimeout(1);
            try {
                if (socket.getInputStream().read() == -1) {
                    socket.close();
                    return true;
                }
            } catch (SocketTimeoutException nothingYet) {
                // still open
            }
            socket.getOutputStream().write('a');
            return false;
        } catch (IOException hungUp) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return true;
        }
    }
}
