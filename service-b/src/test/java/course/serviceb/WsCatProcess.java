package course.serviceb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * WsCat run as a student runs it, in a process of its own with this JVM's classpath; what it prints (its output and
 * errors together) is read line by line as it comes. Every wait has a deadline of {@value #WAIT_SECONDS} s, a guard
 * rather than a bound: each ends as soon as what it waits for happens.
 */
final class WsCatProcess implements AutoCloseable {
    static final int WAIT_SECONDS = 30;
    private static final String END = "\u0000 the end of WsCat's output";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer seen = new StringBuffer();

    private WsCatProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            var output = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8);
            try (var out = new BufferedReader(output)) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException gone) {
                // the process was ended
            } finally {
                lines.add(END);
            }
        }, "wscat-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code WsCat args...}. */
    static WsCatProcess start(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                WsCat.class.getName()));
        command.addAll(List.of(args));
        return new WsCatProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The next line it prints; fails if it prints none within the wait or has ended. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (line == null || line.equals(END)) {
            lines.add(END);
            fail((line == null ? "WsCat printed nothing for " + WAIT_SECONDS + " s" : "WsCat ended")
                    + "; it printed: " + seen);
        }
        seen.append(line).append('\n');
        return line;
    }

    /** Reads lines until one is {@code wanted} and returns it; fails if none is within twice the wait. */
    String awaitLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2 * WAIT_SECONDS);
        for (String line = nextLine(); ; line = nextLine()) {
            if (wanted.test(line)) {
                return line;
            }
            assertTrue(System.nanoTime() < deadline, "WsCat did not print the line awaited; it printed: " + seen);
        }
    }

    /** Types a line, as at the keyboard. */
    void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for it to end (it must, within the wait) and returns what it printed from now on. */
    String rest() throws InterruptedException {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            for (String line; (line = lines.poll()) != null && !line.equals(END); ) {
                seen.append(line).append('\n');
            }
            fail("WsCat has not ended within " + WAIT_SECONDS + " s; it printed: " + seen);
        }
        var rest = new StringBuilder();
        for (String line; !(line = lines.take()).equals(END); ) {
            seen.append(line).append('\n');
            rest.append(line).append('\n');
        }
        lines.add(END);
        return rest.toString();
    }

    /** Its exit code; only after {@link #rest}. */
    int exitCode() {
        return process.exitValue();
    }

    /** All it printed so far that this test has read, for messages. */
    String seen() {
        return seen.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
