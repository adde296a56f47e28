package course.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.gateway.support.HeadlessChromium;
import course.gateway.support.TestBed;
import course.testkit.RecordingWebSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, in front of the real Service A and Service B: the page opens, requests
 * and a WebSocket go through the gateway, and the feed, the counters, the relay and a circuit opening show up on
 * the page by themselves. Waits end on what the page shows; their 30 s limit only guards against a hang.
 * Screenshots go to {@code gateway/target/dashboard/} (the README's are copies of them).
 */
class DashboardBrowserTest {
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");

    private TestBed bed;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        browser = HeadlessChromium.start();
        bed = new TestBed(config(""));
    }

    private static String config(String extra) {
        return """
                {"server": {"port": 0},
                 "rateLimit": {"enabled": true, "limit": 1000, "windowSeconds": 60},
                 "cache": {"enabled": true, "ttlSeconds": 30},
                 "breaker": {"enabled": true, "failureThreshold": 5, "coolDownSeconds": 30},
                 "websocket": {"enabled": true}, %s
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 3000},
                            {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"], "timeoutMs": 3000}]}
                """.formatted(extra);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void requestsAWebSocketAndAnOpeningCircuitShowUpLive() throws Exception {
        openDashboard();
        int echoes = aMinuteOfTraffic();
        for (int i = 0; i < 4; i++) {
            assertEquals(200, status("/service-a/items/1"));
        }
        assertEquals(404, status("/nowhere"));
        var socket = RecordingWebSocket.connect("ws://127.0.0.1:" + bed.port() + "/service-b/ws");
        try {
            for (int i = 0; i < 3; i++) {
                socket.send("hello " + i);
            }
            // The feed: the first request missed the cache and was routed, the next ones were answered by it.
            waitFor(() -> decisions("/service-a/items/1").equals(
                    List.of("cache HIT", "cache HIT", "cache HIT", "routed to service-a")));
            waitFor(() -> decisions("/nowhere").equals(List.of("no route")));
            // The counters, and the relay with the three messages the client sent.
            waitFor(() -> String.valueOf(echoes + 4).equals(routeCell("service-a", "td.requests"))
                    && "3".equals(routeCell("service-a", "td.hits")));
            waitFor(() -> "3".equals(cellText("#relays tbody tr", "td.in")));
            assertEquals("CLOSED", upstreamCell("service-a", "td.circuit"));
            screenshot("at-rest.png");
        } finally {
            socket.closeBlocking();
        }
        waitFor(() -> browser.findElements(By.cssSelector("#relays tbody tr")).isEmpty());

        // Five failures in a row from Service A open the circuit; the next request fails fast.
        for (int i = 0; i < 5; i++) {
            assertEquals(503, status("/service-a/status/503"));
        }
        waitFor(() -> "OPEN".equals(upstreamCell("service-a", "td.circuit")));
        assertEquals(503, status("/service-a/items/2"));
        waitFor(() -> decisions("/service-a/items/2").equals(List.of("circuit open")));
        assertEquals(List.of("proxy"), column("/service-a/items/2", "td.step"));
        // The counters follow within a second (the overview's pace): six 5xx, the fast failure included.
        waitFor(() -> "6".equals(routeCell("service-a", "td.s5xx")));
        screenshot("circuit-open.png");
    }

    @Test
    void aHostilePathIsShownAsTextAndRunsNothing() throws Exception {
        openDashboard();
        String script = "<script>window.injected = 1</script>";
        String image = "<img src=x onerror=\"window.injected = 2\">";
        status("/service-a/" + percentEncoded(script));
        status("/service-a/" + percentEncoded(image));
        waitFor(() -> decisions("/service-a/" + script).size() == 1 && decisions("/service-a/" + image).size() == 1);
        var page = (JavascriptExecutor) browser;
        assertEquals(1L, page.executeScript("return document.scripts.length"), "only the page's own script");
        assertEquals(0L, page.executeScript("return document.querySelectorAll('#feed img').length"));
        assertEquals(true, page.executeScript("return window.injected === undefined"));
    }

    @Test
    void theFeedFiltersByRouteAndStatus() throws Exception {
        openDashboard();
        assertEquals(200, status("/service-a/items/3"));
        assertEquals(404, status("/nowhere"));
        assertEquals(404, status("/service-a/status/404"));
        waitFor(() -> browser.findElements(By.cssSelector("#feed tbody tr")).size() == 3);
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("4");
        assertEquals(List.of("/service-a/status/404", "/nowhere"), visibleFeedPaths());
        new Select(browser.findElement(By.id("filter-route"))).selectByValue("service-a");
        assertEquals(List.of("/service-a/status/404"), visibleFeedPaths());
        new Select(browser.findElement(By.id("filter-status"))).selectByValue("");
        assertEquals(List.of("/service-a/status/404", "/service-a/items/3"), visibleFeedPaths());
    }

    @Test
    void withAccessByKeyThePageAsksForTheKeyAndThenFollows() throws Exception {
        String key = "admin-key-0123456789abcdef";
        bed.startGateway(config("\"admin\": {\"access\": \"key\", \"apiKey\": \"" + key + "\"},"));
        browser.get(bed.url("/gateway/ui"));
        waitFor(() -> browser.findElement(By.id("key-form")).isDisplayed());
        assertEquals("refused", browser.findElement(By.id("connection")).getAttribute("data-state"));
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.cssSelector("#key-form button")).click();
        waitFor(() -> "live".equals(browser.findElement(By.id("connection")).getAttribute("data-state")));
        assertEquals(200, status("/service-a/items/6"));
        waitFor(() -> decisions("/service-a/items/6").equals(List.of("routed to service-a")));
    }

    /**
     * A minute of uneven traffic on the test's clock (POSTs, which the cache passes by), so the chart has a shape;
     * returns how many requests it sent.
     */
    private int aMinuteOfTraffic() throws IOException {
        int sent = 0;
        for (int second = 0; second < 60; second++) {
            bed.clock.advance(Duration.ofSeconds(1));
            int burst = second % 10 == 0 ? 8 : 1 + second % 3;
            for (int i = 0; i < burst; i++, sent++) {
                var request = new Request.Builder().url(bed.url("/service-a/echo"))
                        .post(RequestBody.create("tick " + second, MediaType.get("text/plain"))).build();
                try (Response response = bed.client.newCall(request).execute()) {
                    assertEquals(200, response.code());
                }
            }
        }
        return sent;
    }

    private void openDashboard() {
        browser.get(bed.url("/gateway/ui"));
        waitFor(() -> "live".equals(browser.findElement(By.id("connection")).getAttribute("data-state")));
        // The first overview has arrived once the route table is drawn.
        waitFor(() -> !browser.findElements(By.cssSelector("#routes tbody tr[data-route='service-a']")).isEmpty());
    }

    private int status(String path) throws IOException {
        try (Response response = bed.get(path)) {
            return response.code();
        }
    }

    /** The decisions the feed shows for a path, newest first. */
    private List<String> decisions(String shownPath) {
        return column(shownPath, "td.decision");
    }

    /**
     * One column of the feed's rows that show this path, newest first, read in the page in one call (a WebDriver
     * call per row would be slow with a full feed).
     */
    @SuppressWarnings("unchecked")
    private List<String> column(String shownPath, String cell) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('#feed tbody tr'))
                    .filter(row => row.querySelector('td.path').textContent === arguments[0])
                    .map(row => row.querySelector(arguments[1]).textContent);""", shownPath, cell);
    }

    @SuppressWarnings("unchecked")
    private List<String> visibleFeedPaths() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('#feed tbody tr'))
                    .filter(row => row.offsetParent !== null)
                    .map(row => row.querySelector('td.path').textContent);""");
    }

    /** A cell of the route's first row in the route table (redrawn every second, so read in one call). */
    private String routeCell(String route, String cell) {
        return cellText("#routes tbody tr[data-route='" + route + "']", cell);
    }

    private String upstreamCell(String upstream, String cell) {
        return cellText("#routes tbody tr[data-upstream='" + upstream + "']", cell);
    }

    private String cellText(String row, String cell) {
        return (String) ((JavascriptExecutor) browser).executeScript("""
                const row = document.querySelector(arguments[0]);
                return row ? row.querySelector(arguments[1]).textContent : null;""", row, cell);
    }

    private void waitFor(java.util.function.BooleanSupplier shown) {
        new WebDriverWait(browser, GUARD).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> shown.getAsBoolean());
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static String percentEncoded(String text) {
        var encoded = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            encoded.append(Character.isLetterOrDigit(b) ? String.valueOf((char) b) : String.format("%%%02X", b));
        }
        return encoded.toString();
    }

}
