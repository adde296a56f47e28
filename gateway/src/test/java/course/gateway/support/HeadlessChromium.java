package course.gateway.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real Chromium, headless, driven through its own chromedriver (WebDriver), for tests of the pages the gateway
 * serves. It uses the browser and driver installed on the machine (Debian: {@code apt-get install chromium
 * chromium-driver}) and downloads nothing. Without them the test is skipped, unless the environment variable
 * {@code GATEWAY_BROWSER_TESTS} is {@code required} (CI sets it), where a missing browser is a failure.
 */
public final class HeadlessChromium {
    /**
     * Selenium warns that it has no DevTools (CDP) classes for this Chromium; the tests use WebDriver only. Held in
     * a field: java.util.logging keeps loggers weakly, and a collected one would forget its level.
     */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(java.util.logging.Level.SEVERE);
    }

    private HeadlessChromium() {}

    /** Starts a headless Chromium; the caller quits it. */
    public static ChromeDriver start() throws IOException {
        Optional<Path> browser = onPath("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = onPath("chromedriver");
        if (browser.isEmpty() || driver.isEmpty()) {
            String missing = "no " + (browser.isEmpty() ? "chromium" : "chromedriver") + " on the PATH"
                    + " (Debian: apt-get install chromium chromium-driver)";
            if ("required".equals(System.getenv("GATEWAY_BROWSER_TESTS"))) {
                Assertions.fail(missing + ", and GATEWAY_BROWSER_TESTS=required");
            }
            Assumptions.abort(missing + ": the browser test is skipped");
        }
        var options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        // The flags a sandboxed, offline machine needs: no sandbox as root, no GPU, and none of Chromium's own
        // background connections (they would be refused here, many at a time).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1100", "--force-device-scale-factor=1",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        return new ChromeDriver(service, options);
    }

    private static Optional<Path> onPath(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(names)
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
