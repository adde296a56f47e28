package course.grading;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "B", title = "per-route configuration", guide = "exercises/steps/bonus-b-config.md")
@Timeout(30)
class BonusBConfigTest {
    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"limit\": 2, \"windowSeconds\": 60}, \"cache\": {\"ttlSeconds\": 30},",
            """
            , {"name": "bulk", "prefix": "/bulk", "upstreams": ["${A}"], "rateLimit": {"limit": 5}}
            , {"name": "open", "prefix": "/open", "upstreams": ["${A}"], "rateLimit": {"enabled": false}}
            , {"name": "fresh", "prefix": "/fresh", "upstreams": ["${A}"], "cache": {"ttlSeconds": 5}}
            , {"name": "live", "prefix": "/live", "upstreams": ["${A}"], "cache": {"enabled": false}}
            """));

    @Test
    @Points(3)
    @DisplayName("a route can have its own rate limit")
    void ownLimit() {
        for (int i = 1; i <= 5; i++) {
            course.get("/bulk/users").expectStatus(200, "request " + i + ": /bulk allows 5 per minute, not the"
                    + " gateway-wide 2");
        }
        course.get("/bulk/users").expectStatus(429, "the 6th request on /bulk is over its own limit");
    }

    @Test
    @Points(2)
    @DisplayName("a route can be exempt from rate limiting")
    void exemptRoute() {
        for (int i = 1; i <= 2; i++) {
            course.get("/service-a/users").expectStatus(200, "request " + i + " of the gateway-wide 2");
        }
        course.get("/service-a/users").expectStatus(429, "/service-a keeps the gateway-wide limit of 2 (Step 2)");
        for (int i = 1; i <= 6; i++) {
            course.get("/open/users").expectStatus(200, "request " + i + ": /open says \"enabled\": false");
        }
    }

    @Test
    @Points(3)
    @DisplayName("a route can have its own cache TTL")
    void ownTtl() {
        course.get("/fresh/items/1");
        course.clock.advance(Duration.ofSeconds(5));
        course.get("/fresh/items/1").expectHeader("X-Cache", "MISS",
                "/fresh keeps answers 5 s, not the global 30 s");
    }

    @Test
    @Points(2)
    @DisplayName("a route can switch caching off")
    void cacheOff() {
        course.get("/live/items/1");
        course.get("/live/items/1").expectHeader("X-Cache", "BYPASS", "/live says \"enabled\": false: never cache");
    }
}
