package course.gateway;

import course.gateway.config.ConfigException;
import course.gateway.config.ConfigLoader;
import course.gateway.config.GatewayConfig;
import course.gateway.config.RouteConfig;
import course.gateway.routing.UpstreamClient;
import io.javalin.util.JavalinBindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Starts the gateway: {@code java -jar gateway.jar [--config PATH]}. The config file is PATH, else the env var
 * GATEWAY_CONFIG, else {@code config.json} in the working directory. A bad config stops start-up with one line.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // An Error that ends a thread (an OutOfMemoryError in a library's own thread, say) is logged, not lost.
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> LoggerFactory.getLogger(Main.class)
                .error("thread {} ended with {}", thread.getName(), error.toString(), error));
        try {
            Path file = Path.of(configPath(args));
            GatewayConfig config = ConfigLoader.load(file, System.getenv());
            var gateway = GatewayApp.start(config, Clock.systemUTC(), UpstreamClient.create());
            Duration grace = Duration.ofSeconds(config.server().shutdownGraceSeconds());
            // A signal handler rather than a shutdown hook: a JVM stopped by a hook exits with 143, while a clean
            // stop should exit 0. (sun.misc.Signal is the JDK's supported way to do this, in jdk.unsupported.)
            for (String signal : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(signal), received -> stopGracefully(gateway, grace));
            }
            System.out.printf("gateway listening on http://%s:%d (config: %s)%n",
                    config.server().host(), gateway.port(), file.toAbsolutePath().normalize());
            for (RouteConfig route : config.routes()) {
                System.out.printf("  %-20s -> %s%n", route.prefix() + "/**", route.upstreams());
            }
        } catch (ConfigException badConfig) {
            System.err.println("gateway: config error: " + badConfig.getMessage());
            System.exit(2);
        } catch (JavalinBindException portTaken) {
            System.err.println("gateway: cannot listen: " + portTaken.getMessage());
            System.exit(1);
        }
    }

    /**
     * SIGTERM (and Ctrl-C): stop accepting, let requests in flight finish for up to the grace period, close
     * WebSockets with 1001, then exit 0, as process managers expect of a clean stop.
     */
    private static void stopGracefully(GatewayApp gateway, Duration grace) {
        System.out.printf("gateway stopping: letting requests in flight finish (up to %d s)%n", grace.toSeconds());
        boolean finished;
        try {
            finished = gateway.shutdown(grace);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        System.out.println(finished ? "gateway stopped" : "gateway stopped; some requests did not finish in time");
        System.exit(0);
    }

    private static String configPath(String[] args) {
        if (args.length == 2 && args[0].equals("--config")) {
            return args[1];
        }
        if (args.length != 0) {
            throw new ConfigException("usage: java -jar gateway.jar [--config PATH]");
        }
        String fromEnv = System.getenv("GATEWAY_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? "config.json" : fromEnv;
    }
}
