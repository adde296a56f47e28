package course.gateway.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okhttp3.Headers;

/**
 * What a shared cache may store and serve, after RFC 9111, kept to plain values so it can be tested alone.
 *
 * <ul>
 *   <li>Only GET and HEAD. A request saying {@code Cache-Control: no-cache}, {@code no-store} or
 *       {@code max-age=0} (or {@code Pragma: no-cache}) is not served from the cache.</li>
 *   <li>Statuses that are cacheable by default (RFC 9110 section 15.1) and simple to serve whole: 200, 203, 204, 300,
 *       301, 308, 404, 410.</li>
 *   <li>Never when the response says {@code no-store}, {@code private} or {@code no-cache}, sets a cookie, or
 *       says {@code Vary: *}; never for a request with {@code Authorization} unless the response says
 *       {@code public}.</li>
 *   <li>Kept for the configured TTL, or less if the response's {@code s-maxage} or {@code max-age} says so.</li>
 *   <li>Never an answer that a replay would misrepresent: an event stream ({@code text/event-stream}), or an answer
 *       of unknown length (chunked) still arriving {@link #STREAMING_AFTER} after its headers. Replayed from the
 *       cache, a stream of events comes at once, in one burst, long after the events.</li>
 * </ul>
 */
final class CachePolicy {
    private static final Set<Integer> CACHEABLE_STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 410);
    /** A chunked answer still arriving this long after its headers is a stream, not a document. */
    static final Duration STREAMING_AFTER = Duration.ofSeconds(1);

    private CachePolicy() {}

    static boolean isCacheableMethod(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** Whether the request lets the cache answer it (rather than insisting on a fresh answer). */
    static boolean mayServeFromCache(Headers request) {
        Map<String, String> directives = directives(request.values("Cache-Control"));
        boolean pragmaNoCache = request.values("Pragma").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT)
                .contains("no-cache"));
        return !directives.containsKey("no-cache") && !directives.containsKey("no-store")
                && !"0".equals(directives.get("max-age")) && !pragmaNoCache;
    }

    /** How long this response may be kept, or empty if it must not be stored at all. */
    static Optional<Duration> timeToLive(int status, Headers response, Headers request, Duration configured) {
        Map<String, String> requestDirectives = directives(request.values("Cache-Control"));
        Map<String, String> directives = directives(response.values("Cache-Control"));
        boolean forbidden = !CACHEABLE_STATUSES.contains(status)
                || requestDirectives.containsKey("no-store")
                || directives.containsKey("no-store") || directives.containsKey("private")
                || directives.containsKey("no-cache")
                || response.get("Set-Cookie") != null
                || response.values("Vary").stream().anyMatch(v -> v.trim().equals("*"))
                || (request.get("Authorization") != null && !directives.containsKey("public"));
        if (forbidden) {
            return Optional.empty();
        }
        Duration ttl = configured;
        String ownAge = directives.containsKey("s-maxage") ? directives.get("s-maxage") : directives.get("max-age");
        if (ownAge != null) {
            try {
                ttl = min(ttl, Duration.ofSeconds(Long.parseLong(ownAge)));
            } catch (NumberFormatException unreadable) {
                return Optional.empty(); // a cache that cannot read the lifetime must not guess it
            }
        }
        return ttl.isZero() || ttl.isNegative() ? Optional.empty() : Optional.of(ttl);
    }

    /** Whether an answer could be replayed as it came, judging by its headers: not an event stream. */
    static boolean isReplayable(Headers response) {
        String type = response.get("Content-Type");
        return type == null || !type.trim().toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    /** Whether an answer (of the given headers) arriving {@code sinceHeaders} after its headers is streaming. */
    static boolean isStreaming(Headers response, Duration sinceHeaders) {
        return response.get("Content-Length") == null && sinceHeaders.compareTo(STREAMING_AFTER) >= 0;
    }

    /** The request's values of the headers the response varies on, to compare on later lookups. */
    static Map<String, String> varyValues(Headers response, Function<String, String> requestHeader) {
        var values = new LinkedHashMap<String, String>();
        for (String vary : response.values("Vary")) {
            for (String name : vary.split(",")) {
                if (!name.isBlank()) {
                    String key = name.trim().toLowerCase(Locale.ROOT);
                    values.put(key, String.valueOf(requestHeader.apply(key)));
                }
            }
        }
        return values;
    }

    /** Whether a stored answer fits this request's values of the headers it varies on. */
    static boolean varyMatches(Map<String, String> stored, Function<String, String> requestHeader) {
        return stored.entrySet().stream()
                .allMatch(entry -> entry.getValue().equals(String.valueOf(requestHeader.apply(entry.getKey()))));
    }

    /** Parses Cache-Control values into lower-case directive names and their (unquoted) values. */
    static Map<String, String> directives(List<String> headerValues) {
        var directives = new LinkedHashMap<String, String>();
        for (String header : headerValues) {
            for (String part : header.split(",")) {
                String[] nameValue = part.trim().split("=", 2);
                if (!nameValue[0].isEmpty()) {
                    String value = nameValue.length == 2 ? nameValue[1].trim().replace("\"", "") : "";
                    directives.put(nameValue[0].toLowerCase(Locale.ROOT), value);
                }
            }
        }
        return directives;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
