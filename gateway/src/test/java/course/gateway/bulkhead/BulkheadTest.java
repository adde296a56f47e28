package course.gateway.bulkhead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.SlowUpstream;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A route with as many requests in flight as it may have answers the next one 503 at once. */
class BulkheadTest {
    @Test
    void oneRequestOverTheRoutesLimitGets503AndOtherRoutesStillAnswer() throws Exception {
        try (var slow = new SlowUpstream(1000);
             var bed = new TestBed("""
                     {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                      "routes": [
                        {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]},
                        {"name": "slow", "prefix": "/slow", "upstreams": ["%s"], "maxConcurrentRequests": 2}]}
                     """.formatted(slow.url()))) {
            var waiting = new ArrayList<CompletableFuture<Integer>>();
            for (int i = 0; i < 2; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> status(bed, "/slow/x")));
            }
            Awaitility.await().until(() -> slow.mostWaiting() == 2);

            try (Response over = bed.get("/slow/x")) {
                assertEquals(503, over.code());
                assertEquals("1", over.header("Retry-After"));
                assertTrue(over.body().string().contains("Route 'slow' has as many requests in flight"));
            }
            assertEquals(200, status(bed, "/service-a/items/1"), "another route is not affected");
            for (var request : waiting) {
                assertEquals(200, request.get());
            }
            assertEquals(200, status(bed, "/slow/x"), "the permits come back when the answers are sent");
        }
    }

    private static int status(TestBed bed, String path) {
        try (Response response = bed.get(path)) {
            return response.code();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }
}
