package course.grading;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "3", title = "cache", guide = "exercises/steps/3-cache.md")
@Timeout(30)
class Step3CacheTest {
    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"ttlSeconds\": 30},", ""));

    @Test
    @Points(4)
    @DisplayName("a repeat is X-Cache: HIT and never reaches the upstream")
    void repeatIsAHit() {
        Reply first = course.get("/service-a/items/1").expectHeader("X-Cache", "MISS",
                "the first GET is not in the cache yet: mark it MISS and keep a copy (Recorder)");
        long reached = course.reachedServiceA();
        Reply second = course.get("/service-a/items/1").expectHeader("X-Cache", "HIT",
                "the same GET within 30 s is served from the cache");
        second.expect(course.reachedServiceA() == reached, "Service A's counter unchanged",
                "a hit is answered by the gateway: do not call next.proceed()");
        second.expect(first.text().equals(second.text()), "the same body as the first answer",
                "serve the stored body (its generatedAt gives a fresh answer away)");
    }

    @Test
    @Points(3)
    @DisplayName("entries expire after the TTL")
    void entriesExpire() {
        course.get("/service-a/items/2").expectHeader("X-Cache", "MISS", "the first request");
        course.clock.advance(Duration.ofSeconds(29));
        course.get("/service-a/items/2").expectHeader("X-Cache", "HIT", "29 s later it is still fresh");
        course.clock.advance(Duration.ofSeconds(1));
        course.get("/service-a/items/2").expectHeader("X-Cache", "MISS",
                "30 s after it was stored it is stale: decide with the gateway's clock");
    }

    @Test
    @Points(2)
    @DisplayName("the key includes the raw query string")
    void queryIsPartOfTheKey() {
        course.get("/service-a/echo?page=1");
        course.get("/service-a/echo?page=2").expectHeader("X-Cache", "MISS",
                "?page=2 is another resource than ?page=1: key on method, path and raw query");
    }

    @Test
    @Points(3)
    @DisplayName("POST is never cached (X-Cache: BYPASS)")
    void postIsNeverCached() {
        course.send("POST", "/service-a/echo", "a".getBytes(), "text/plain").expectHeader("X-Cache", "BYPASS",
                "only GET and HEAD are cached; mark everything else BYPASS");
        long reached = course.reachedServiceA();
        course.send("POST", "/service-a/echo", "a".getBytes(), "text/plain").expect(
                course.reachedServiceA() == reached + 1, "the second POST reaches Service A too", "never serve a POST");
    }

    @Test
    @Points(3)
    @DisplayName("errors and no-cache requests are not served from the cache")
    void onlyCacheableAnswers() {
        course.get("/service-a/status/500");
        course.get("/service-a/status/500").expectHeader("X-Cache", "MISS",
                "a 500 must not be stored: CachePolicy.timeToLive is empty for it");
        course.get("/service-a/items/3");
        course.get("/service-a/items/3", "Cache-Control", "no-cache").expectHeader("X-Cache", "BYPASS",
                "a request saying Cache-Control: no-cache wants a fresh answer: CachePolicy.mayServeFromCache");
    }
}
