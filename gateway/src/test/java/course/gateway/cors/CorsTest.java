package course.gateway.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class CorsTest {
    private static final String CONFIG = """
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false}, %s
             "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
            """;

    private static Response send(TestBed bed, String method, String origin, boolean preflight) throws IOException {
        var request = new Request.Builder().url(bed.url("/service-a/users")).method(method, null)
                .header("Origin", origin);
        if (preflight) {
            request.header("Access-Control-Request-Method", "POST");
        }
        return bed.client.newCall(request.build()).execute();
    }

    @Test
    void noOriginIsAllowedUntilConfigured() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted("")); Response response = send(bed, "GET", "https://a.test", false)) {
            assertEquals(200, response.code());
            assertNull(response.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredByTheGateway() throws IOException {
        try (var bed = new TestBed(CONFIG.formatted("\"cors\": {\"allowedOrigins\": [\"https://app.test\"]},"))) {
            long reached = bed.serviceA.requestCount();
            try (Response response = send(bed, "OPTIONS", "https://app.test", true)) {
                assertEquals(204, response.code());
                assertEquals("https://app.test", response.header("Access-Control-Allow-Origin"));
                assertTrue(response.header("Access-Control-Allow-Methods").contains("POST"));
                assertEquals("600", response.header("Access-Control-Max-Age"));
            }
            assertEquals(reached, bed.serviceA.requestCount(), "a preflight is not forwarded");
            try (Response response = send(bed, "OPTIONS", "https://evil.test", true)) {
                assertEquals(403, response.code());
                assertNull(response.header("Access-Control-Allow-Origin"));
            }
            try (Response response = send(bed, "GET", "https://app.test", false)) {
                assertEquals(200, response.code());
                assertEquals("https://app.test", response.header("Access-Control-Allow-Origin"));
                assertTrue(response.header("Access-Control-Expose-Headers").contains("X-Request-ID"));
            }
            try (Response response = send(bed, "GET", "https://evil.test", false)) {
                assertNull(response.header("Access-Control-Allow-Origin"));
            }
        }
    }
}
