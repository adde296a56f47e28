package course.gateway.cache;

import java.util.Map;
import okhttp3.Headers;

/**
 * A stored answer: what the upstream sent, when it was stored and until when it is fresh, and the request
 * header values it was stored for when the upstream said {@code Vary}.
 */
public record CachedResponse(int status, Headers headers, byte[] body, long storedAtMillis, long expiresAtMillis,
                      Map<String, String> varyValues) {

    public boolean isFreshAt(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }
}
