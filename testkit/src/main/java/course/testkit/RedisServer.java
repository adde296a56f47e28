package course.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests: started on a free loopback port with no persistence, stopped on
 * {@link #close}. It can be {@link #kill killed} and {@link #start started} again on the same port, to test what
 * a gateway does while Redis is gone and after it is back. Tests that need it skip themselves (with
 * {@link #MISSING}) when the binary is not installed.
 */
public final class RedisServer implements AutoCloseable {
    /** Why a Redis test was skipped, and how to make it run. */
    public static final String MISSING = "redis-server is not installed; to run the Redis tests: "
            + "sudo apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS)";

    private final String binary;
    private final int port;
    private Process process;

    private RedisServer(String binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** The {@code redis-server} on the PATH (or in /usr/bin, /usr/sbin), if there is one. */
    public static Optional<String> binary() {
        var places = new java.util.ArrayList<String>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            places.add(dir);
        }
        places.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"));
        return places.stream().map(dir -> Path.of(dir, "redis-server")).filter(Files::isExecutable)
                .map(Path::toString).findFirst();
    }

    public static boolean isInstalled() {
        return binary().isPresent();
    }

    /** Starts a fresh Redis on a free port; fails if redis-server is not installed. */
    public static RedisServer startOnFreePort() throws IOException {
        var server = new RedisServer(binary().orElseThrow(() -> new IllegalStateException(MISSING)), freePort());
        server.start();
        return server;
    }

    /** Starts Redis (again) on this server's port and waits until it answers PING. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("redis-server did not start on port " + port);
            }
            pause();
        }
    }

    /** Kills Redis at once (SIGKILL), as a crash or a lost host would; connections drop. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public int port() {
        return port;
    }

    /** The URL a gateway's {@code store.url} takes. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Sends one inline command (e.g. {@code FLUSHALL}, {@code DBSIZE}) and returns the first reply line. */
    public String command(String inline) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            var line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private boolean answersPing() {
        try {
            return command("PING").equals("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * A free port below the kernel's ephemeral range (32768-60999 on Linux, 49152 and up elsewhere). The kernel
     * never hands such a port to a port-0 server or to an outgoing connection, so nothing takes it between this
     * check and redis-server binding it, nor while a test has Redis stopped before starting it again here.
     */
    private static int freePort() throws IOException {
        var random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (BindException taken) {
                // another process has it: draw again
            }
        }
        throw new IOException("no free port found between 20000 and 32000 for redis-server");
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling a process that is starting, not waiting out a window
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
