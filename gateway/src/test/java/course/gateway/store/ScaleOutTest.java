package course.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import course.gateway.GatewayApp;
import course.gateway.support.TestBed;
import course.testkit.RedisExtension;
import course.testkit.TestHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Bonus E on the wire: two gateway replicas on their own ports share one real redis-server. The rate limit holds
 * across both, an answer cached through one is a HIT through the other, and when Redis dies the chosen fail mode
 * holds (no request hangs) until Redis is back, which needs no restart.
 */
class ScaleOutTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private final Logger storeLog = (Logger) LoggerFactory.getLogger(SharedStore.class);
    private final ListAppender<ILoggingEvent> storeLines = new ListAppender<>();
    /** A short call timeout: with Redis down, every fail mode must still answer at once. */
    private final OkHttpClient client = TestHttp.builder().callTimeout(Duration.ofSeconds(3)).build();
    private TestBed bed;
    private GatewayApp second;
    private long reachedBefore;

    private String config(String onFailure) {
        return """
                {"server": {"port": 0},
                 "rateLimit": {"limit": 4, "windowSeconds": 60},
                 "cache": {"ttlSeconds": 30},
                 "store": {"type": "redis", "url": "%s", "onFailure": "%s", "timeoutMs": 300},
                 "routes": [
                   {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 2000},
                   {"name": "live", "prefix": "/live", "upstreams": ["${A}"], "cache": {"enabled": false}}]}
                """.formatted(redis.server().url(), onFailure);
    }

    @BeforeEach
    void startReplicas() {
        storeLines.start();
        storeLog.addAppender(storeLines);
        bed = new TestBed(config("open"));
        second = bed.startReplica(config("open"));
        reachedBefore = bed.serviceA.requestCount();
    }

    @AfterEach
    void stopReplicas() {
        storeLog.detachAppender(storeLines);
        second.close();
        bed.close();
    }

    private record Seen(int status, String xCache, String remaining, String retryAfter, String body) {}

    private Seen get(GatewayApp gateway, String path) throws IOException {
        var request = new Request.Builder().url("http://127.0.0.1:" + gateway.port() + path).build();
        try (Response response = client.newCall(request).execute()) {
            return new Seen(response.code(), response.header("X-Cache"), response.header("RateLimit-Remaining"),
                    response.header("Retry-After"), response.body().string());
        }
    }

    private long reachedServiceA() {
        return bed.serviceA.requestCount() - reachedBefore;
    }

    @Test
    void theLimitHoldsAcrossBothReplicas() throws IOException {
        List<GatewayApp> replicas = List.of(bed.gateway(), second);
        for (int i = 0; i < 4; i++) {
            Seen allowed = get(replicas.get(i % 2), "/live/items/1");
            assertEquals(200, allowed.status(), "request " + (i + 1) + " of 4 allowed in total");
            assertEquals(String.valueOf(3 - i), allowed.remaining(), "remaining after request " + (i + 1));
        }
        for (GatewayApp replica : replicas) {
            Seen limited = get(replica, "/live/items/1");
            assertEquals(429, limited.status(), "the 5th request is over the shared limit on either replica");
            assertEquals("15", limited.retryAfter(), "4 per 60 s: one request back every 15 s");
        }
        assertEquals(4, reachedServiceA(), "only the 4 allowed requests reached Service A");

        bed.clock.advance(Duration.ofSeconds(15));
        assertEquals(200, get(second, "/live/items/1").status(), "one token back after 15 s");
        assertEquals(429, get(bed.gateway(), "/live/items/1").status(), "and only one");
    }

    @Test
    void anAnswerCachedThroughOneReplicaIsAHitThroughTheOther() throws IOException {
        Seen first = get(bed.gateway(), "/service-a/items/7");
        Seen fromOther = get(second, "/service-a/items/7");
        assertEquals("MISS", first.xCache());
        assertEquals("HIT", fromOther.xCache());
        assertEquals(first.body(), fromOther.body());
        assertEquals(1, reachedServiceA(), "the HIT never reached Service A");

        bed.clock.advance(Duration.ofSeconds(31));
        assertEquals("MISS", get(second, "/service-a/items/7").xCache(), "expired after the 30 s TTL");
        assertEquals(2, reachedServiceA());
        assertEquals("HIT", get(bed.gateway(), "/service-a/items/7").xCache(), "stored again, for both");
    }

    @Test
    void failingOpenServesWithoutLimitOrCacheWhileRedisIsDownAndRecoversWhenItIsBack() throws Exception {
        redis.server().kill();
        for (int i = 0; i < 6; i++) { // more than the limit of 4: no limit while failing open
            Seen seen = get(i % 2 == 0 ? bed.gateway() : second, "/service-a/items/1");
            assertEquals(200, seen.status(), "request " + (i + 1) + " served while Redis is down");
            assertEquals("MISS", seen.xCache(), "nothing can be cached while Redis is down");
        }
        assertEquals(6, reachedServiceA());
        assertEquals(2, warnings(), "one warning per replica for the whole outage, not one per request");
        try (Response health = client.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + second.port() + "/gateway/health").build()).execute()) {
            assertEquals(503, health.code());
            String body = health.body().string();
            assertTrue(body.contains("\"store\":{\"type\":\"redis\",\"status\":\"down\""), body);
        }
        assertTrue(metrics(bed.gateway()).contains("gateway_store_up{type=\"redis\"} 0"));

        redis.server().start();
        bed.clock.advance(Duration.ofSeconds(1)); // the replicas try Redis again at most once a second
        assertEquals("MISS", get(bed.gateway(), "/service-a/items/2").xCache());
        assertEquals("HIT", get(second, "/service-a/items/2").xCache(), "the shared cache works again");
        assertTrue(metrics(bed.gateway()).contains("gateway_store_up{type=\"redis\"} 1"));
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get(second, "/live/items/1").status());
        }
        assertEquals(429, get(bed.gateway(), "/live/items/1").status(), "the shared limit is back too");
    }

    @Test
    void failingClosedAnswers503WhileRedisIsDown() throws Exception {
        try (GatewayApp closed = bed.startReplica(config("closed"))) {
            redis.server().kill();
            Seen refused = get(closed, "/service-a/items/1");
            assertEquals(503, refused.status());
            assertTrue(refused.body().contains("shared store"), refused.body());
            assertEquals(0, reachedServiceA(), "nothing is forwarded without the store");

            redis.server().start();
            bed.clock.advance(Duration.ofSeconds(1));
            assertEquals(200, get(closed, "/service-a/items/1").status(), "served again once Redis is back");
        }
    }

    private long warnings() {
        return storeLines.list.stream().filter(line -> line.getLevel() == Level.WARN).count();
    }

    private String metrics(GatewayApp gateway) throws IOException {
        try (Response response = client.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + gateway.port() + "/metrics").build()).execute()) {
            return response.body().string();
        }
    }
}
