package course.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import course.gateway.support.TestBed;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The dashboard over real sockets, without a browser: its page and files, its event stream (the feed names the
 * step that decided each request; the overview carries routes, counters, circuits and relays), the admin guard,
 * its limit on open pages, and a shutdown with a page open. {@link DashboardBrowserTest} shows the same in Chromium.
 */
class DashboardTest {
    private static final String API_KEY = "student-key-0123456789";

    private static TestBed gateway(String extra) {
        return new TestBed("""
                {"server": {"port": 0},
                 "rateLimit": {"enabled": true, "limit": 3, "windowSeconds": 60, "trustedProxies": ["127.0.0.1"]},
                 "cache": {"enabled": true, "ttlSeconds": 30},
                 "breaker": {"enabled": true, "failureThreshold": 2, "coolDownSeconds": 30},
                 %s
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 3000},
                            {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"], "timeoutMs": 3000}]}
                """.formatted(extra));
    }

    private static Response get(TestBed bed, String path, String header, String value) throws IOException {
        var request = new Request.Builder().url(bed.url(path));
        if (header != null) {
            request.header(header, value);
        }
        return bed.client.newCall(request.build()).execute();
    }

    private static int status(TestBed bed, String path, String header, String value) throws IOException {
        try (Response response = get(bed, path, header, value)) {
            return response.code();
        }
    }

    private static EventStream events(TestBed bed, String authorization) throws IOException {
        return new EventStream(bed.client, bed.url("/gateway/ui/events"), authorization);
    }

    private static JsonNode entryFor(EventStream stream, String path) throws InterruptedException {
        JsonNode batch = stream.next("requests", data -> find(data, path) != null);
        return find(batch, path);
    }

    private static JsonNode hit(JsonNode batch) {
        for (JsonNode entry : batch.get("entries")) {
            if (entry.get("path").asText().equals("/service-a/items/2") && entry.get("cache").asText().equals("HIT")) {
                return entry;
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode batch, String path) {
        for (JsonNode entry : batch.get("entries")) {
            if (entry.get("path").asText().equals(path)) {
                return entry;
            }
        }
        return null;
    }

    @Test
    void thePageAndItsFilesComeFromTheJarUnderAPolicyThatRunsOnlyItsOwnScript() throws IOException {
        try (var bed = gateway("")) {
            var external = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");
            for (String[] file : new String[][] {{"/gateway/ui", "text/html"},
                    {"/gateway/ui/dashboard.js", "text/javascript"}, {"/gateway/ui/dashboard.css", "text/css"}}) {
                try (Response response = get(bed, file[0], null, null)) {
                    assertEquals(200, response.code(), file[0]);
                    assertTrue(response.header("Content-Type").startsWith(file[1]), response.header("Content-Type"));
                    assertEquals("nosniff", response.header("X-Content-Type-Options"));
                    String policy = response.header("Content-Security-Policy");
                    assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"), policy);
                    String body = response.body().string();
                    assertFalse(external.matcher(body).find(), file[0] + " names another host: nothing is fetched"
                            + " from outside the gateway");
                }
            }
        }
    }

    @Test
    void theFeedNamesTheStepThatDecidedEachRequest() throws Exception {
        try (var bed = gateway(""); var stream = events(bed, null)) {
            stream.next("overview", overview -> true); // the page is following now
            assertEquals(200, status(bed, "/service-a/items/1", null, null));
            JsonNode routed = entryFor(stream, "/service-a/items/1");
            assertEquals("proxy", routed.get("step").asText());
            assertEquals("routed to service-a", routed.get("decision").asText());
            assertEquals("MISS", routed.get("cache").asText());
            assertEquals("service-a", routed.get("route").asText());
            assertEquals(200, routed.get("status").asInt());
            assertEquals("127.0.0.1", routed.get("client").asText());
            assertFalse(routed.get("requestId").asText().isEmpty());

            assertEquals(200, status(bed, "/service-a/items/2?page=1", null, null));
            assertEquals(200, status(bed, "/service-a/items/2?page=1", null, null));
            JsonNode hit = stream.next("requests", batch -> hit(batch) != null);
            assertEquals("cache HIT", hit(hit).get("decision").asText());
            assertEquals("cache", hit(hit).get("step").asText());

            assertEquals(429, status(bed, "/service-a/items/3", null, null)); // the fourth of 3 a minute
            JsonNode limited = entryFor(stream, "/service-a/items/3");
            assertEquals("rate-limit", limited.get("step").asText());
            assertEquals("rate-limited", limited.get("decision").asText());

            assertEquals(404, status(bed, "/nowhere", null, null));
            JsonNode nowhere = entryFor(stream, "/nowhere");
            assertEquals("route", nowhere.get("step").asText());
            assertEquals("no route", nowhere.get("decision").asText());
            assertTrue(nowhere.get("route").isNull());
        }
    }

    @Test
    void aRequestWithoutAValidApiKeyIsShownAsRejectedByAuth() throws Exception {
        try (var bed = gateway("\"auth\": {\"enabled\": true, \"header\": \"X-API-Key\","
                + " \"keys\": {\"student\": \"" + API_KEY + "\"}},");
             var stream = events(bed, null)) {
            stream.next("overview", overview -> true);
            assertEquals(401, status(bed, "/service-a/items/4", "X-API-Key", "not-a-key"));
            JsonNode rejected = entryFor(stream, "/service-a/items/4");
            assertEquals("auth", rejected.get("step").asText());
            assertEquals("rejected: no valid API key", rejected.get("decision").asText());
            assertEquals(200, status(bed, "/service-a/items/5", "X-API-Key", API_KEY));
            assertEquals("routed to service-a", entryFor(stream, "/service-a/items/5").get("decision").asText());
        }
    }

    @Test
    void theOverviewCarriesCountersCircuitsAndOpenRelays() throws Exception {
        try (var bed = gateway(""); var stream = events(bed, null)) {
            JsonNode first = stream.next("overview", overview -> true);
            assertEquals(List.of("service-a", "service-b"), names(first.get("routes")));
            assertEquals("CLOSED", first.get("routes").get(0).get("upstreams").get(0).get("circuit").asText());

            var socket = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/service-b/ws");
            try {
                socket.send("one");
                socket.send("two");
                JsonNode relay = stream.next("overview", overview -> overview.get("relays").size() == 1
                        && overview.get("relays").get(0).get("messagesFromClient").asLong() == 2)
                        .get("relays").get(0);
                assertEquals("service-b", relay.get("route").asText());
                assertEquals(2, relay.get("messagesFromUpstream").asLong(), "Service B echoes both");
            } finally {
                socket.closeBlocking();
            }
            stream.next("overview", overview -> overview.get("relays").isEmpty());

            assertEquals(503, status(bed, "/service-a/status/503", null, null));
            assertEquals(503, status(bed, "/service-a/status/503", null, null));
            JsonNode open = stream.next("overview", overview -> overview.get("routes").get(0).get("upstreams").get(0)
                    .get("circuit").asText().equals("OPEN"));
            JsonNode counts = open.get("counts").get("service-a");
            assertEquals(2, counts.get("requests").asLong());
            assertEquals(2, counts.get("status5xx").asLong());
            assertEquals(1, open.get("counts").get("service-b").get("requests").asLong(), "the upgrade");
        }
    }

    private static List<String> names(JsonNode routes) {
        var names = new ArrayList<String>();
        routes.forEach(route -> names.add(route.get("name").asText()));
        return names;
    }

    @Test
    void loopbackAccessKeepsThePageAndItsDataFromOtherMachines() throws IOException {
        try (var bed = gateway("\"admin\": {\"access\": \"loopback\"},")) {
            for (String path : List.of("/gateway/ui", "/gateway/ui/dashboard.js", "/gateway/ui/events",
                    "/gateway/ui/overview")) {
                // Through the trusted proxy (127.0.0.1 here), the client is the remote one it names.
                assertEquals(403, status(bed, path, "X-Forwarded-For", "203.0.113.7"), path);
            }
            assertEquals(200, status(bed, "/gateway/ui/overview", null, null));
        }
    }

    @Test
    void keyAccessServesThePageButItsDataOnlyWithTheKey() throws Exception {
        String key = "admin-key-0123456789abcdef";
        try (var bed = gateway("\"admin\": {\"access\": \"key\", \"apiKey\": \"" + key + "\"},")) {
            // A browser cannot send a header when it opens a page; the page holds no data and asks for the key.
            assertEquals(200, status(bed, "/gateway/ui", null, null));
            assertEquals(403, status(bed, "/gateway/ui/overview", null, null));
            try (var refused = events(bed, null)) {
                assertEquals(403, refused.response.code());
            }
            try (var wrong = events(bed, "Bearer not-the-key-0123456789")) {
                assertEquals(403, wrong.response.code());
            }
            try (var stream = events(bed, "Bearer " + key)) {
                assertEquals(200, stream.response.code());
                stream.next("overview", overview -> overview.get("routes").size() == 2);
            }
        }
    }

    @Test
    void atMostEightPagesFollowAtOnceAndAClosedOneFreesItsPlace() throws Exception {
        try (var bed = gateway("")) {
            var pages = new ArrayList<EventStream>();
            try {
                for (int i = 0; i < DashboardEndpoints.MAX_OPEN_PAGES; i++) {
                    pages.add(events(bed, null));
                    pages.get(i).next("overview", overview -> true);
                }
                try (var ninth = events(bed, null)) {
                    assertEquals(503, ninth.response.code());
                    assertTrue(ninth.response.body().string().contains("close one and reload"));
                }
                pages.remove(0).close();
                // The gateway notices at its next write, within a second.
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    try (var again = events(bed, null)) {
                        return again.response.code() == 200;
                    }
                });
            } finally {
                pages.forEach(EventStream::close);
            }
        }
    }

    @Test
    void aShutdownEndsOpenPagesInsteadOfWaitingForThem() throws Exception {
        try (var bed = gateway(""); var stream = events(bed, null)) {
            stream.next("overview", overview -> true);
            var stopped = CompletableFuture.supplyAsync(() -> {
                try {
                    return bed.gateway().shutdown(Duration.ofSeconds(20));
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
            });
            stream.awaitEnd();
            assertTrue(stopped.get(), "the open page did not hold the shutdown's grace period");
        }
    }
}
