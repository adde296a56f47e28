package course.gateway.support;

import course.gateway.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway in a JVM of its own, started through {@link Main} as {@code java -jar gateway.jar} would, with the JVM
 * flags a test chooses (run-all.sh's heap, say) and a config file; on port 0, reporting the port it printed. Its
 * output is collected for the test to read. {@link #close} stops it with SIGTERM, then kills it if need be.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("gateway listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final int port;

    private GatewayProcess(Process process) throws IOException {
        this.process = process;
        var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        Matcher listening = LISTENING.matcher(first == null ? "" : first);
        if (!listening.find()) {
            process.destroyForcibly();
            throw new IllegalStateException("the gateway did not start: " + first);
        }
        port = Integer.parseInt(listening.group(1));
        output.append(first).append('\n');
        Thread reader = new Thread(() -> lines.lines().forEach(line -> output.append(line).append('\n')),
                "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java <jvmFlags> course.gateway.Main --config <file>} with this JVM's classpath. */
    public static GatewayProcess start(Path configFile, List<String> jvmFlags) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", configFile.toString()));
        return new GatewayProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Writes {@code configJson} to a file in {@code dir} and starts the gateway on it. */
    public static GatewayProcess start(Path dir, String configJson, List<String> jvmFlags) throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), configJson);
        return start(config, jvmFlags);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the gateway printed so far (standard output and error). */
    public String output() {
        return output.toString();
    }

    /** Sends SIGTERM, as a process manager does, and waits up to {@code seconds} for the exit code. */
    public int terminate(long seconds) throws InterruptedException {
        process.toHandle().destroy(); // SIGTERM, leaving our end of its output open (Process.destroy would close it)
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate(30);
        }
    }
}
