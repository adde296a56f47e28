package course.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Step 3 over real sockets; expiry is reached by moving the test's clock, never by sleeping. */
class CacheStepTest {
    private static final String CONFIG = """
            {"server": {"port": 0}, "rateLimit": {"enabled": false},
             "cache": {"ttlSeconds": 30, "maxEntryBytes": 100000},
             "routes": [
               {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]},
               {"name": "short", "prefix": "/short", "upstreams": ["${A}"], "cache": {"ttlSeconds": 5}},
               {"name": "live", "prefix": "/live", "upstreams": ["${A}"], "cache": {"enabled": false}}]}
            """;

    @AutoClose
    private final TestBed bed = new TestBed(CONFIG);

    private record Seen(int status, String xCache, String age, String body) {}

    private Seen get(String path, String... headerPairs) throws IOException {
        var request = new Request.Builder().url(bed.url(path));
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        try (Response response = bed.client.newCall(request.build()).execute()) {
            return new Seen(response.code(), response.header("X-Cache"), response.header("Age"),
                    response.body().string());
        }
    }

    private long reached;

    @BeforeEach
    void countRequests() {
        reached = bed.serviceA.requestCount();
    }

    private long reachedSinceStart() {
        return bed.serviceA.requestCount() - reached;
    }

    @Test
    void aRepeatIsAHitThatNeverReachesTheUpstream() throws IOException {
        Seen first = get("/service-a/items/1");
        assertEquals("MISS", first.xCache());
        assertNull(first.age());
        bed.clock.advance(Duration.ofSeconds(12));
        Seen second = get("/service-a/items/1");
        assertEquals("HIT", second.xCache());
        assertEquals("12", second.age());
        assertEquals(first.body(), second.body(), "the stored body, generatedAt included");
        assertEquals(1, reachedSinceStart());
    }

    @Test
    void theKeyIsMethodPathAndRawQuery() throws IOException {
        get("/service-a/echo?a=1");
        assertEquals("MISS", get("/service-a/echo?a=2").xCache());
        assertEquals("MISS", get("/service-a/echo?a=1&b").xCache());
        assertEquals("HIT", get("/service-a/echo?a=1").xCache());
        assertEquals("MISS", get("/service-a/items/2").xCache());
        assertEquals(4, reachedSinceStart());
    }

    @Test
    void entriesExpireAfterTheTtl() throws IOException {
        get("/service-a/items/3");
        bed.clock.advance(Duration.ofSeconds(29));
        assertEquals("HIT", get("/service-a/items/3").xCache());
        bed.clock.advance(Duration.ofSeconds(1));
        assertEquals("MISS", get("/service-a/items/3").xCache());
        assertEquals(2, reachedSinceStart());
    }

    @Test
    void routesMayShortenTheTtlOrSwitchTheCacheOff() throws IOException {
        get("/short/items/1");
        bed.clock.advance(Duration.ofSeconds(5));
        assertEquals("MISS", get("/short/items/1").xCache());
        assertEquals("BYPASS", get("/live/items/1").xCache());
        assertEquals("BYPASS", get("/live/items/1").xCache());
        assertEquals(4, reachedSinceStart());
    }

    @Test
    void nonGetRequestsAreNeverCached() throws IOException {
        for (int i = 0; i < 2; i++) {
            var post = new Request.Builder().url(bed.url("/service-a/echo"))
                    .post(RequestBody.create("x".getBytes())).build();
            try (Response response = bed.client.newCall(post).execute()) {
                assertEquals("BYPASS", response.header("X-Cache"));
            }
        }
        assertEquals("MISS", get("/service-a/echo").xCache(), "a POST to the path stored nothing for GET");
        assertEquals(3, reachedSinceStart());
    }

    @Test
    void aRequestForAFreshAnswerBypassesTheCacheAndRefreshesIt() throws IOException {
        Seen first = get("/service-a/items/4");
        Seen fresh = get("/service-a/items/4", "Cache-Control", "no-cache");
        assertEquals("BYPASS", fresh.xCache());
        assertTrue(!fresh.body().equals(first.body()), "generatedAt shows a fresh answer");
        Seen after = get("/service-a/items/4");
        assertEquals("HIT", after.xCache());
        assertEquals(fresh.body(), after.body(), "the fresh answer replaced the stored one");
    }

    @Test
    void errorsAndLargeBodiesAreNotKept() throws IOException {
        assertEquals(500, get("/service-a/status/500").status());
        assertEquals("MISS", get("/service-a/status/500").xCache());
        get("/service-a/bytes/200000");
        assertEquals("MISS", get("/service-a/bytes/200000").xCache(), "over maxEntryBytes: streamed, not kept");
        assertEquals("MISS", get("/service-a/bytes/1000").xCache());
        assertEquals("HIT", get("/service-a/bytes/1000").xCache());
        assertEquals(5, reachedSinceStart());
    }

    @Test
    void answersToRequestsWithAuthorizationAreNotShared() throws IOException {
        get("/service-a/items/5", "Authorization", "Bearer alice");
        Seen other = get("/service-a/items/5", "Authorization", "Bearer bob");
        assertEquals("MISS", other.xCache());
        assertEquals(2, reachedSinceStart());
    }

    @Test
    void concurrentFillsOfOneKeyNeverMixBodies() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            var tasks = new ArrayList<Callable<String>>();
            for (int i = 0; i < 16; i++) {
                tasks.add(() -> get("/service-a/bytes/50000?seed=77").body());
            }
            var bodies = new HashSet<String>();
            for (Future<String> result : pool.invokeAll(tasks)) {
                bodies.add(result.get());
            }
            assertEquals(1, bodies.size(), "every answer, filled or hit, is the same body");
            assertEquals(bodies.iterator().next(), get("/service-a/bytes/50000?seed=77").body());
        } finally {
            pool.shutdownNow();
        }
    }
}
