package course.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
    private static final Duration THIRTY = Duration.ofSeconds(30);
    private static final Headers NONE = Headers.of();

    private static Optional<Duration> ttl(int status, Headers response, Headers request) {
        return CachePolicy.timeToLive(status, response, request, THIRTY);
    }

    @Test
    void plainSuccessIsKeptForTheConfiguredTime() {
        assertEquals(Optional.of(THIRTY), ttl(200, NONE, NONE));
        assertEquals(Optional.of(THIRTY), ttl(404, NONE, NONE));
        assertEquals(Optional.empty(), ttl(500, NONE, NONE));
        assertEquals(Optional.empty(), ttl(201, NONE, NONE));
        assertEquals(Optional.empty(), ttl(206, NONE, NONE));
    }

    @Test
    void responsesThatAreNotForSharingAreNeverKept() {
        for (String directive : new String[] {"no-store", "private", "no-cache", "private, max-age=60"}) {
            assertEquals(Optional.empty(), ttl(200, Headers.of("Cache-Control", directive), NONE), directive);
        }
        assertEquals(Optional.empty(), ttl(200, Headers.of("Set-Cookie", "session=1"), NONE));
        assertEquals(Optional.empty(), ttl(200, Headers.of("Vary", "*"), NONE));
        assertEquals(Optional.empty(), ttl(200, NONE, Headers.of("Cache-Control", "no-store")));
    }

    @Test
    void answersToAuthorizedRequestsAreKeptOnlyWhenPublic() {
        Headers authorized = Headers.of("Authorization", "Bearer x");
        assertEquals(Optional.empty(), ttl(200, NONE, authorized));
        assertEquals(Optional.of(THIRTY), ttl(200, Headers.of("Cache-Control", "public"), authorized));
    }

    @Test
    void theResponseMayShortenButNeverLengthenTheTtl() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), ttl(200, Headers.of("Cache-Control", "max-age=5"), NONE));
        assertEquals(Optional.of(THIRTY), ttl(200, Headers.of("Cache-Control", "max-age=600"), NONE));
        assertEquals(Optional.of(Duration.ofSeconds(2)),
                ttl(200, Headers.of("Cache-Control", "max-age=5, s-maxage=2"), NONE));
        assertEquals(Optional.empty(), ttl(200, Headers.of("Cache-Control", "max-age=0"), NONE));
        assertEquals(Optional.empty(), ttl(200, Headers.of("Cache-Control", "max-age=soon"), NONE));
    }

    @Test
    void requestsAskingForAFreshAnswerAreNotServedFromTheCache() {
        assertTrue(CachePolicy.mayServeFromCache(NONE));
        assertFalse(CachePolicy.mayServeFromCache(Headers.of("Cache-Control", "no-cache")));
        assertFalse(CachePolicy.mayServeFromCache(Headers.of("Cache-Control", "max-age=0")));
        assertFalse(CachePolicy.mayServeFromCache(Headers.of("Pragma", "no-cache")));
        assertTrue(CachePolicy.mayServeFromCache(Headers.of("Cache-Control", "max-stale=10")));
    }

    @Test
    void varyIsRespected() {
        Headers response = Headers.of("Vary", "Accept-Language, Accept");
        Map<String, String> stored = CachePolicy.varyValues(response, Map.of("accept-language", "de")::get);
        assertTrue(CachePolicy.varyMatches(stored, Map.of("accept-language", "de")::get));
        assertFalse(CachePolicy.varyMatches(stored, Map.of("accept-language", "fr")::get));
        assertFalse(CachePolicy.varyMatches(stored, Map.of("accept-language", "de", "accept", "text/html")::get));
    }
}
