package course.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up as a student meets it: a real JVM, a real file, one clear line on a bad config. */
class MainTest {
    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stderr) {}

    private Outcome run(String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the gateway should stop on a bad config");
        return new Outcome(process.exitValue(),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    @Test
    void badConfigStopsStartUpWithOneLineNamingTheField() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"routes\": [{\"name\": \"a\", \"prefix\": \"/a\", \"upstreams\": [\"http://h:1\"],"
                + " \"timeoutMs\": -1}]}");
        Outcome outcome = run("--config", config.toString());
        assertEquals(2, outcome.exitCode());
        assertEquals(1, outcome.stderr().lines().count(), outcome.stderr());
        assertTrue(outcome.stderr().startsWith("gateway: config error: "), outcome.stderr());
        assertTrue(outcome.stderr().contains("timeoutMs") && outcome.stderr().contains("-1"), outcome.stderr());
    }

    @Test
    void missingConfigInTheWorkingDirectoryIsExplained() throws Exception {
        Outcome outcome = run();
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.stderr().contains("config.json: file not found"), outcome.stderr());
    }

    @Test
    void sigtermStopsGracefullyAndExitsZero() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"server\": {\"port\": 0}, \"routes\": []}");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        var output = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String first = output.readLine();
        assertTrue(first != null && first.startsWith("gateway listening on"), "started: " + first);
        process.toHandle().destroy(); // SIGTERM, without closing our end of its output (Process.destroy would)
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the gateway should stop on SIGTERM");
        String rest = String.join("\n", output.lines().toList());
        assertEquals(0, process.exitValue(), rest);
        assertTrue(rest.contains("gateway stopped"), rest);
    }
}
