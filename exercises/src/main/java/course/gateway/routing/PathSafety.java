package course.gateway.routing;

import io.javalin.http.BadRequestResponse;
import java.util.Locale;

/**
 * Rejects request paths that could climb out of a route's upstream prefix or be read differently by the
 * upstream than by the gateway: dot segments ({@code ..}, {@code .}), encoded slashes and backslashes,
 * backslashes, NUL and other control characters, and encodings of any of these (also double-encoded).
 * Jetty already refuses most of these; this check makes the guarantee the gateway's own.
 */
final class PathSafety {
    private PathSafety() {}

    /** Throws 400 when the raw path is unsafe to forward. */
    static void check(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        // %25 is an encoded '%': anything double-encoded is refused rather than guessed at.
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("%25")
                || lower.contains("%00") || lower.contains("\\")) {
            throw unsafe();
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw unsafe();
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw unsafe();
            }
        }
        if (lower.matches(".*%[01][0-9a-f].*|.*%7f.*")) {
            throw unsafe();
        }
    }

    private static BadRequestResponse unsafe() {
        return new BadRequestResponse("The request path has dot segments, encoded slashes or control"
                + " characters, which the gateway does not forward");
    }
}
