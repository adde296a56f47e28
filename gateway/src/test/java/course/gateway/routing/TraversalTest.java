package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths that try to climb out of a route never reach an upstream. The route under attack forwards to Service A
 * under {@code /items}, so escaping it would mean reaching {@code /echo} or {@code /health}.
 */
class TraversalTest {
    private static final String CONFIG = """
            {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false}, "routes": [
              {"name": "items", "prefix": "/items-api", "upstreams": ["${A}/items"]}]}
            """;

    @ParameterizedTest
    @ValueSource(strings = {
        "/items-api/../echo",
        "/items-api/./../echo",
        "/items-api/1/../../echo",
        "/items-api/%2e%2e/echo",
        "/items-api/%2E%2E/echo",
        "/items-api/.%2e/echo",
        "/items-api/..%2fecho",
        "/items-api/..%2Fecho",
        "/items-api/%252e%252e/echo",
        "/items-api/..%5cecho",
        "/items-api/..\\echo",
        "/items-api/%00/echo",
        "/items-api/1%0d%0aX-Injected:%20yes",
    })
    void neverReachesOutsideTheRoutesPrefix(String path) throws IOException {
        try (var bed = new TestBed(CONFIG)) {
            long before = bed.serviceA.requestCount();
            String response = RawHttp.exchange(bed.port(),
                    "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            int status = RawHttp.status(response);
            assertTrue(status == 400 || status == 404, path + " answered " + status);
            assertEquals(before, bed.serviceA.requestCount(), path + " reached the upstream");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/items-api/7", "/items-api/7/"})
    void ordinaryPathsStillWork(String path) throws IOException {
        try (var bed = new TestBed(CONFIG)) {
            String response = RawHttp.exchange(bed.port(),
                    "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, RawHttp.status(response), response);
            assertTrue(response.contains("\"id\":7"));
        }
    }
}
