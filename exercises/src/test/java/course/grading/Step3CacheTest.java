package course.grading;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "3", title = "cache", guide = "exercises/steps/3-cache.md")
@Timeout(30)
class Step3CacheTest {
    private static final int MAX_ENTRIES = 3;

    @AutoClose
    private final Course course = new Course(Course.config(
            "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"ttlSeconds\": 30, \"maxEntries\": " + MAX_ENTRIES
                    + "},", ""));

    /**
     * Expects a HIT for a GET that was answered before, with a hint that fits what came instead. A MISS is the
     * classic: the first answer was never stored, because nothing copied it as it streamed by.
     */
    private static Reply expectHit(Reply reply, String why) {
        String outcome = reply.header("X-Cache");
        String hint = "MISS".equals(outcome)
                ? "a MISS again most often means the first answer was never stored. Its copy is made as it streams"
                        + " to the client: Step 1's ResponseRelay.relay must read the body through ObservedBody, which"
                        + " shows it to the ResponseTap your CacheStep put in the request's facts, and your tap must"
                        + " store the answer in onComplete. See \"Always MISS\" in the guide's troubleshooting"
                : "BYPASS".equals(outcome)
                        ? "a plain GET on a route that caches is looked up (HIT or MISS), never a BYPASS"
                        : "look the request up (method, path, raw query); answer a fresh stored copy, X-Cache: HIT";
        return reply.expectHeader("X-Cache", "HIT", why + "; " + hint);
    }

    @Test
    @Points(4)
    @DisplayName("a repeat is X-Cache: HIT and never reaches the upstream")
    void repeatIsAHit() {
        Reply first = course.get("/service-a/items/1").expectHeader("X-Cache", "MISS",
                "the first GET is not in the cache yet: mark it MISS, pass it on, and keep a copy of the answer");
        long reached = course.reachedServiceA();
        Reply second = expectHit(course.get("/service-a/items/1"), "the same GET within 30 s is served from the cache");
        second.expect(course.reachedServiceA() == reached, "Service A's counter unchanged",
                "a hit is answered by the gateway: do not pass it on (next.proceed())");
        second.expect(first.text().equals(second.text()), "the same body as the first answer",
                "serve the stored body (its generatedAt gives a fresh answer away)");
    }

    @Test
    @Points(3)
    @DisplayName("entries expire after the TTL")
    void entriesExpire() {
        course.get("/service-a/items/2").expectHeader("X-Cache", "MISS", "the first request");
        course.clock.advance(Duration.ofSeconds(29));
        expectHit(course.get("/service-a/items/2"), "29 s later it is still fresh");
        course.clock.advance(Duration.ofSeconds(1));
        course.get("/service-a/items/2").expectHeader("X-Cache", "MISS",
                "30 s after it was stored it is stale: decide with the gateway's clock, never serve a stale answer");
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
    @Points(2)
    @DisplayName("POST is never cached (X-Cache: BYPASS)")
    void postIsNeverCached() {
        course.send("POST", "/service-a/echo", "a".getBytes(), "text/plain").expectHeader("X-Cache", "BYPASS",
                "only GET and HEAD are cached; mark everything else BYPASS");
        long reached = course.reachedServiceA();
        course.send("POST", "/service-a/echo", "a".getBytes(), "text/plain").expect(
                course.reachedServiceA() == reached + 1, "the second POST reaches Service A too", "never serve a POST");
    }

    @Test
    @Points(2)
    @DisplayName("errors and no-cache requests are not served from the cache")
    void onlyCacheableAnswers() {
        course.get("/service-a/status/500");
        course.get("/service-a/status/500").expectHeader("X-Cache", "MISS",
                "a 500 must not be stored: store only what CachePolicy.timeToLive allows");
        course.get("/service-a/items/3");
        course.get("/service-a/items/3", "Cache-Control", "no-cache").expectHeader("X-Cache", "BYPASS",
                "a request saying Cache-Control: no-cache wants a fresh answer (CachePolicy.mayServeFromCache)");
    }

    @Test
    @Points(2)
    @DisplayName("the store keeps at most cache.maxEntries answers")
    void theStoreIsBounded() {
        int items = MAX_ENTRIES + 3;
        for (int i = 1; i <= items; i++) {
            course.get("/service-a/items/" + i);
        }
        expectHit(course.get("/service-a/items/" + items), "the answer stored last is still there: to stay within"
                + " the bound, drop older answers, never the new one");
        // Each of the others is asked once more. Only answers stored before this round can be hits in it, and the
        // store holds the last item besides them: with at most MAX_ENTRIES answers kept, at most MAX_ENTRIES - 1 of
        // these can be hits, whichever answers the student's design chose to drop.
        int hits = 0;
        for (int i = 1; i < items; i++) {
            hits += "HIT".equals(course.get("/service-a/items/" + i).header("X-Cache")) ? 1 : 0;
        }
        if (hits > MAX_ENTRIES - 1) {
            String sent = "curl -i 'localhost:8000/service-a/items/N' for N = 1 to " + items + ", then " + items
                    + " again, then 1 to " + (items - 1) + " (with \"cache\": {\"maxEntries\": " + MAX_ENTRIES
                    + "} in config.json)";
            throw new AssertionError(Failure.message(sent, "at most " + (MAX_ENTRIES - 1) + " hits in the last round",
                    hits + " hits", "the store keeps more answers than cache.maxEntries (" + MAX_ENTRIES + "):"
                            + " InMemoryResponseCache.put must drop others to stay within its bounds"));
        }
    }
}
