package course.gateway.routing;

import io.javalin.http.BadRequestResponse;
import java.util.Locale;
import java.util.Set;

/**
 * Rejects request paths that could climb out of a route's upstream prefix or be read differently by the
 * upstream than by the gateway: dot segments ({@code ..}, {@code .}), encoded slashes and backslashes,
 * backslashes, NUL and other control characters, and encodings of any of these (also double-encoded).
 * Jetty already refuses most of these; this check makes the guarantee the gateway's own.
 */
final class PathSafety {
    private PathSafety() {}

    /** Escapes that decode to '/', '\\', '.', '%' (double encoding) or DEL. */
    private static final Set<String> FORBIDDEN_ESCAPES = Set.of("2f", "5c", "2e", "25", "7f");

    /** Throws 400 when the raw path is unsafe to forward. One pass over the path: it runs on every request. */
    static void check(String rawPath) {
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || (c == '%' && isForbiddenEscape(rawPath, i))) {
                throw unsafe();
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw unsafe();
            }
        }
    }

    /** A forbidden escape, or an encoded control character (%00 to %1F), starting at {@code percent}. */
    private static boolean isForbiddenEscape(String path, int percent) {
        if (percent + 2 >= path.length()) {
            return false; // a cut-off escape: Jetty has already refused it as bad encoding
        }
        String hex = path.substring(percent + 1, percent + 3).toLowerCase(Locale.ROOT);
        return FORBIDDEN_ESCAPES.contains(hex) || hex.charAt(0) == '0' || hex.charAt(0) == '1';
    }

    private static BadRequestResponse unsafe() {
        return new BadRequestResponse("The request path has dot segments, encoded slashes or control"
                + " characters, which the gateway does not forward");
    }
}
