package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import course.gateway.auth.ApiKeys;
import course.gateway.support.Faults;
import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import course.gateway.support.WsUpstream;
import course.testkit.ClosedPort;
import course.testkit.RecordingWebSocket;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Security of the defaults. API keys: kept only as digests, compared by digest, never logged (every
 * logger is read, not just the access log), never forwarded, on WebSocket upgrades either. Error bodies: no stack
 * trace, no class name, no internal address. CORS closed until configured, and the key's own tests, are in
 * {@code CorsTest}, {@code ApiKeyTest} and {@code RequestLogTest}.
 */
class SecurityDefaultsTest {
    private static final String KEY = "security-key-0123456789";

    @Test
    void onlyDigestsOfTheKeysAreKept() throws Exception {
        var keys = new ApiKeys(Map.of("student", KEY));
        for (Field field : ApiKeys.class.getDeclaredFields()) {
            field.setAccessible(true);
            assertFalse(String.valueOf(field.get(keys)).contains(KEY), "field " + field.getName() + " holds the key");
        }
        // Same-length and prefix keys differ only in their digests, which have one length whatever the key's.
        assertTrue(keys.clientFor(KEY).isPresent());
        assertFalse(keys.clientFor(KEY.substring(0, KEY.length() - 1) + "X").isPresent());
        assertFalse(keys.clientFor(KEY + KEY).isPresent());
        assertFalse(keys.clientFor("").isPresent());
    }

    @Test
    void keysAreNeverLoggedNorForwardedOnWebSocketUpgrades() throws Exception {
        // The access log does not pass its lines on to the root logger, so both are read.
        var loggers = new Logger[] {(Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME),
            (Logger) LoggerFactory.getLogger("gateway.access")};
        var everything = new ListAppender<ILoggingEvent>();
        everything.start();
        for (Logger logger : loggers) {
            logger.addAppender(everything);
        }
        try (var upstream = new WsUpstream(); var bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false},
                 "auth": {"enabled": true, "keys": {"student": "%s"}},
                 "routes": [{"name": "ws", "prefix": "/ws", "upstreams": ["%s"]},
                            {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(KEY, upstream.url()))) {
            var client = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/ws/chat",
                    Map.of("X-API-Key", KEY));
            assertEquals("", upstream.handshakes.poll(5, TimeUnit.SECONDS).getFieldValue("X-API-Key"),
                    "the key must not reach the upstream");
            client.closeBlocking();
            RawHttp.exchange(bed.port(), "GET /service-a/users HTTP/1.1\r\nHost: x\r\nX-API-Key: " + KEY
                    + "-wrong\r\nConnection: close\r\n\r\n");
        } finally {
            for (Logger logger : loggers) {
                logger.detachAppender(everything);
            }
        }
        assertFalse(everything.list.isEmpty(), "the gateway logged something to check");
        for (ILoggingEvent logged : everything.list) {
            assertFalse(logged.getFormattedMessage().contains(KEY), "a key was logged: " + logged);
        }
    }

    @Test
    void errorBodiesNameNoInternalAddressAndNoStackTrace() throws Exception {
        try (var closed = ClosedPort.reserve(); var silent = Faults.neverAnswers(); var bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false},
                 "routes": [{"name": "down", "prefix": "/down", "upstreams": ["http://127.0.0.1:%d"]},
                            {"name": "silent", "prefix": "/silent", "upstreams": ["%s"], "timeoutMs": 300}]}
                """.formatted(closed.port(), silent.url()))) {
            String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
            String[][] cases = {
                {"GET /down/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "502"},
                {"GET /silent/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "504"},
                {"GET /down/ws HTTP/1.1\r\nHost: x\r\n" + upgrade + "\r\n", "502"},
                {"GET /silent/ws HTTP/1.1\r\nHost: x\r\n" + upgrade + "\r\n", "504"},
                {"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "404"},
                {"GET /down/%2e%2e/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "400"},
                {"BREW /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "404"},
                {"TRACE /down/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "405"},
            };
            for (String[] sent : cases) {
                String response = RawHttp.firstResponse(bed.port(), sent[0]);
                assertEquals(Integer.parseInt(sent[1]), RawHttp.status(response), response);
                String body = response.substring(response.indexOf("\r\n\r\n"));
                assertTrue(body.contains("\"status\":" + sent[1]), response);
                for (String leak : new String[] {"127.0.0.1", ":" + closed.port(), silent.url(), "Exception", "at course.",
                        "java."}) {
                    assertFalse(body.contains(leak), "'" + leak + "' in " + body);
                }
            }
        }
    }
}
