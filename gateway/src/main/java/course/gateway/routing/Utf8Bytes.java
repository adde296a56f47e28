package course.gateway.routing;

import io.javalin.http.BadRequestResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * Carries bytes outside ASCII through the gateway unchanged. Jetty gives request header values one char per byte
 * (ISO-8859-1) and writes response headers the same way, while OkHttp writes and reads header values as UTF-8:
 * left alone, a UTF-8 "é" (two bytes) would reach the upstream as four bytes, and come back to a client as one.
 * UTF-8 is therefore carried across as it is; bytes that are not UTF-8 cannot be, and are refused with 400
 * rather than silently changed.
 */
final class Utf8Bytes {
    private Utf8Bytes() {}

    /**
     * Refuses (400) a request whose header values or raw query have bytes that are not UTF-8. It runs before the
     * request is forwarded, so {@link #requestHeader} may assume UTF-8. Jetty decodes a raw query as UTF-8 and
     * puts U+FFFD where bytes were not; percent-encoded bytes are kept as written, and always forwarded.
     */
    static void check(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null && query.indexOf('\uFFFD') >= 0) {
            throw new BadRequestResponse("The query string has raw bytes that are not UTF-8; percent-encode them");
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                if (!isAscii(value) && !isUtf8(value.getBytes(StandardCharsets.ISO_8859_1))) {
                    throw new BadRequestResponse("The " + name + " header has bytes that are not UTF-8");
                }
            }
        }
    }

    /** A request header value as Jetty read it, turned into the text OkHttp will write as the same bytes. */
    static String requestHeader(String value) {
        return isAscii(value) ? value
                : new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** A response header value as OkHttp decoded it, turned into the chars Jetty will write as its UTF-8 bytes. */
    static String responseHeader(String value) {
        return isAscii(value) ? value
                : new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
