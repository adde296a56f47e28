package course.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.support.TestBed;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The order of the steps is part of the design: these tests pin it, by name and by behaviour. */
class PipelineOrderTest {
    private static final String KEY = "order-test-key-0123456789";
    private static final String EVERYTHING_ON = """
            {"server": {"port": 0}, "rateLimit": {"limit": 2},
             "auth": {"enabled": true, "keys": {"student": "%s"}},
             "cors": {"allowedOrigins": ["https://app.test"]},
             "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
            """.formatted(KEY);

    private static int status(TestBed bed, String path, String key) throws Exception {
        var request = new Request.Builder().url(bed.url(path));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        try (Response response = bed.client.newCall(request.build()).execute()) {
            return response.code();
        }
    }

    @Test
    void stepsRunInTheDocumentedOrder() {
        try (var bed = new TestBed(EVERYTHING_ON)) {
            assertEquals(List.of("cors", "route", "auth", "rate-limit", "cache", "bulkhead", "proxy"),
                    bed.gateway().pipelineSteps());
            assertEquals(List.of("request-facts", "handshake", "origin", "route", "auth", "rate-limit", "websocket"),
                    bed.gateway().upgradeSteps());
        }
    }

    @Test
    void switchedOffStepsAreLeftOut() {
        try (var bed = new TestBed()) {
            assertEquals(List.of("route", "bulkhead", "proxy"), bed.gateway().pipelineSteps());
        }
    }

    @Test
    void authRunsBeforeTheRateLimitSoStrangersCannotSpendAClientsBudget() throws Exception {
        try (var bed = new TestBed(EVERYTHING_ON)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(401, status(bed, "/service-a/users", null));
            }
            assertEquals(200, status(bed, "/service-a/users", KEY));
        }
    }

    @Test
    void theRateLimitRunsBeforeTheCacheSoEvenHitsCount() throws Exception {
        try (var bed = new TestBed(EVERYTHING_ON)) {
            assertEquals(200, status(bed, "/service-a/items/1", KEY));
            assertEquals(200, status(bed, "/service-a/items/1", KEY));
            assertEquals(429, status(bed, "/service-a/items/1", KEY), "a cached answer still costs a request");
        }
    }
}
