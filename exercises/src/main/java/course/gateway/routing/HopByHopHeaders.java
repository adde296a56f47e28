package course.gateway.routing;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Headers that describe one connection rather than the message (RFC 9110 section 7.6.1), which a proxy must not
 * forward: the fixed list below, any Proxy-* header, and every field that the Connection header names.
 */
final class HopByHopHeaders {
    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-connection", "proxy-authenticate", "proxy-authorization");

    private final Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    /** @param connectionValues the values of the message's Connection header(s) */
    HopByHopHeaders(Collection<String> connectionValues) {
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    named.add(token.trim());
                }
            }
        }
    }

    boolean isHopByHop(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ALWAYS.contains(lower) || lower.startsWith("proxy-") || named.contains(name);
    }
}
