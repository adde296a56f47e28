package course.grading;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Graded(step = "A", title = "API keys", guide = "exercises/steps/bonus-a-auth.md")
@Timeout(30)
class BonusAAuthTest {
    private static final String KEY = "grading-key-0123456789";

    @AutoClose
    private final Course course = new Course(Course.config("\"rateLimit\": {\"enabled\": false},"
            + " \"cache\": {\"enabled\": false}, \"auth\": {\"enabled\": true, \"keys\": {\"student\": \"" + KEY
            + "\"}},", ""));

    @Test
    @Points(3)
    @DisplayName("no key: 401 with WWW-Authenticate")
    void missingKey() {
        Reply reply = course.get("/service-a/users").expectStatus(401,
                "ApiKeyStep.handle: a request without the X-API-Key header is refused with 401");
        reply.expect(reply.header("WWW-Authenticate") != null, "a WWW-Authenticate header",
                "every 401 says how to authenticate: set WWW-Authenticate before throwing the 401");
    }

    @Test
    @Points(3)
    @DisplayName("a wrong key: 401, and the upstream never sees the request")
    void wrongKey() {
        long before = course.reachedServiceA();
        course.get("/service-a/users", "X-API-Key", "not-the-right-key-000").expectStatus(401,
                "ApiKeys.clientFor names no client for this key, so ApiKeyStep.handle refuses it");
        course.get("/service-a/users", "X-API-Key", KEY.substring(0, KEY.length() - 1)).expectStatus(401,
                "a key that is only a prefix of a real one is wrong too");
        course.get("/health").expect(course.reachedServiceA() == before, "Service A's counter unchanged",
                "refuse before the rest of the pipeline runs");
    }

    @Test
    @Points(3)
    @DisplayName("the right key passes, and is not passed on")
    void rightKey() {
        course.get("/service-a/echo").expectStatus(401, "without the key the same request is refused");
        Reply reply = course.get("/service-a/echo", "X-API-Key", KEY).expectStatus(200,
                "a client's key lets the request through (ApiKeys.clientFor names the client)");
        reply.expect(!reply.text().contains(KEY), "Service A never sees the key",
                "the proxy strips the key's header (strippedHeaders): do not add it back");
    }

    @Test
    @Points(1)
    @DisplayName("/health stays open while routes are closed")
    void healthIsOpen() {
        course.get("/service-a/health").expectStatus(401, "a route's /health is the service's: it needs a key");
        course.get("/health").expectStatus(200, "the gateway's own endpoints need no key");
    }
}
