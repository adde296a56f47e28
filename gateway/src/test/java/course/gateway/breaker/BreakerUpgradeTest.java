package course.gateway.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.TestBed;
import course.testkit.ClosedPort;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

/** Bonus C applies to WebSocket upgrades too: failed connections open the circuit, and then upgrades get 503. */
class BreakerUpgradeTest {

    /** Asks for an upgrade through the gateway and returns the HTTP status it was refused with (101 if accepted). */
    private static int upgrade(TestBed bed, String path) throws Exception {
        var status = new CompletableFuture<Integer>();
        WebSocket socket = bed.client.newWebSocket(new Request.Builder().url(bed.url(path)).build(),
                new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        status.complete(response.code());
                    }

                    @Override
                    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
                        status.complete(response == null ? -1 : response.code());
                    }
                });
        try {
            return status.get(30, TimeUnit.SECONDS);
        } finally {
            socket.cancel();
        }
    }

    @Test
    void failedUpgradesOpenTheCircuitThenUpgradesFailFastUntilTheCoolDownPasses() throws Exception {
        try (var closed = ClosedPort.reserve();
             var bed = new TestBed("""
                     {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                      "breaker": {"failureThreshold": 2, "coolDownSeconds": 30},
                      "routes": [{"name": "down", "prefix": "/down", "upstreams": ["http://127.0.0.1:%d"]},
                                 {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"]}]}
                     """.formatted(closed.port()))) {
            assertEquals(502, upgrade(bed, "/down/ws"), "the first failure is the upstream's own");
            assertEquals(502, upgrade(bed, "/down/ws"));
            assertEquals(503, upgrade(bed, "/down/ws"), "two failures in a row opened the circuit");
            try (Response stats = bed.get("/gateway/stats")) {
                assertTrue(stats.body().string().contains("\"down\":\"OPEN\""));
            }
            assertEquals(101, upgrade(bed, "/service-b/ws"), "another route's circuit is its own");
            bed.clock.advance(Duration.ofSeconds(30));
            assertEquals(502, upgrade(bed, "/down/ws"), "after the cool-down one trial reaches the upstream");
        }
    }
}
