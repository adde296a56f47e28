package course.gateway.routing;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Headers that describe one connection rather than the message (RFC 9110 section 7.6.1), which a proxy must not
 * forward: the fixed list below, any Proxy-* header, and every field that the Connection header names. Names are
 * compared ignoring case, without allocating: this runs for every header of every request and response.
 */
final class HopByHopHeaders {
    private static final Set<String> ALWAYS = caseInsensitive(Set.of("Connection", "Keep-Alive", "TE", "Trailer",
            "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization"));

    private final Set<String> named;

    /** @param connectionValues the values of the message's Connection header(s) */
    HopByHopHeaders(Collection<String> connectionValues) {
        var tokens = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    tokens.add(token.trim());
                }
            }
        }
        this.named = tokens;
    }

    boolean isHopByHop(String name) {
        return ALWAYS.contains(name) || name.regionMatches(true, 0, "Proxy-", 0, 6) || named.contains(name);
    }

    private static Set<String> caseInsensitive(Set<String> names) {
        var set = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }
}
