package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import course.testkit.TestHttp;
import java.io.IOException;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code admin.access} (security of the defaults): the admin endpoints open to anyone by default, to
 * clients on this machine only, or to holders of the admin key; {@code /health} always open; 403 in the usual
 * JSON shape when refused.
 */
class AdminAccessTest {
    private static final String KEY = "admin-key-0123456789abcdef";
    private static final List<String> ADMIN = List.of("/gateway/stats", "/gateway/routes", "/gateway/health",
            "/metrics");

    private static TestBed gateway(String admin) {
        return new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false, "trustedProxies": ["127.0.0.1"]},
                 "admin": %s,
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(admin));
    }

    private static Response get(OkHttpClient client, TestBed bed, String path, String header, String value)
            throws IOException {
        var request = new Request.Builder().url(bed.url(path));
        if (header != null) {
            request.header(header, value);
        }
        return client.newCall(request.build()).execute();
    }

    private static void assertStatus(int expected, OkHttpClient client, TestBed bed, String path, String header,
                                     String value) throws IOException {
        try (Response response = get(client, bed, path, header, value)) {
            assertEquals(expected, response.code(), path + " with " + header + ": " + value);
            if (expected == 403) {
                String body = response.body().string();
                assertTrue(body.contains("\"status\":403") && body.contains("\"requestId\""), body);
            }
        }
    }

    @Test
    void byDefaultAnyoneMayLook() throws IOException {
        try (var bed = gateway("{}")) {
            for (String path : ADMIN) {
                assertStatus(200, bed.client, bed, path, null, null);
            }
        }
    }

    @Test
    void loopbackLetsInOnlyClientsOnThisMachine() throws IOException {
        try (var bed = gateway("{\"access\": \"loopback\"}")) {
            OkHttpClient other = TestHttp.clientFrom("127.0.0.2"); // 127.0.0.0/8 is all this machine
            for (String path : ADMIN) {
                assertStatus(200, bed.client, bed, path, null, null);
                assertStatus(200, other, bed, path, null, null);
                // Through a trusted proxy (127.0.0.1 here) the client is the one it names: a remote one.
                assertStatus(403, bed.client, bed, path, "X-Forwarded-For", "203.0.113.7");
            }
            assertStatus(200, bed.client, bed, "/health", "X-Forwarded-For", "203.0.113.7");
        }
    }

    @Test
    void keyLetsInOnlyTheAdminKey() throws IOException {
        try (var bed = gateway("{\"access\": \"key\", \"apiKey\": \"" + KEY + "\"}")) {
            for (String path : ADMIN) {
                assertStatus(200, bed.client, bed, path, "Authorization", "Bearer " + KEY);
                assertStatus(403, bed.client, bed, path, null, null);
                assertStatus(403, bed.client, bed, path, "Authorization", "Bearer " + KEY + "x");
                assertStatus(403, bed.client, bed, path, "Authorization", KEY);
                assertStatus(403, bed.client, bed, path, "X-API-Key", KEY);
            }
            assertStatus(200, bed.client, bed, "/health", null, null);
            assertStatus(200, bed.client, bed, "/service-a/items/1", null, null);
        }
    }
}
