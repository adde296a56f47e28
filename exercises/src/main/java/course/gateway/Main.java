package course.gateway;

import course.gateway.config.ConfigException;
import course.gateway.config.ConfigLoader;
import course.gateway.config.GatewayConfig;
import course.gateway.routing.Route;
import course.gateway.routing.UpstreamClient;
import io.javalin.util.JavalinBindException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Starts the gateway: {@code java -jar gateway.jar [--config PATH]}. The config file is PATH, else the env var
 * GATEWAY_CONFIG, else {@code config.json} in the working directory. A bad config stops start-up with one line.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            Path file = Path.of(configPath(args));
            GatewayConfig config = ConfigLoader.load(file, System.getenv());
            var gateway = GatewayApp.start(config, Clock.systemUTC(), UpstreamClient.create());
            Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "gateway-shutdown"));
            System.out.printf("gateway listening on http://%s:%d (config: %s)%n",
                    config.server().host(), gateway.port(), file.toAbsolutePath().normalize());
            for (Route route : gateway.routes().routes()) {
                System.out.printf("  %-20s -> %s%n", route.prefix() + "/**", route.config().upstreams());
            }
        } catch (ConfigException badConfig) {
            System.err.println("gateway: config error: " + badConfig.getMessage());
            System.exit(2);
        } catch (JavalinBindException portTaken) {
            System.err.println("gateway: cannot listen: " + portTaken.getMessage());
            System.exit(1);
        }
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
