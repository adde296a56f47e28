package course.gateway.server;

import course.gateway.config.GatewayConfig;
import course.gateway.errors.JettyErrors;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * How the gateway's Jetty server is set up: request threads, header and body limits, slow-client deadlines,
 * WebSocket frame limits, and errors Jetty answers itself. None of it is a step of the pipeline; it is what a
 * gateway in front of real services needs from its server.
 */
public final class ServerSetup {
    private ServerSetup() {}

    /** @param webSocketEndpoints puts the relay's own endpoint around Javalin's (the relay's message budget) */
    public static void apply(JavalinConfig javalin, GatewayConfig config,
                             Consumer<JettyWebSocketServletFactory> webSocketEndpoints) {
        javalin.startup.showJavalinBanner = false;
        // A proxy passes bodies through as they are: no compression, no ETags of its own.
        javalin.http.compressionStrategy = CompressionStrategy.NONE;
        javalin.http.generateEtags = false;
        var threads = new QueuedThreadPool(config.server().maxThreads(), 8);
        threads.setName("gateway-http");
        javalin.jetty.threadPool = threads;
        javalin.jetty.modifyHttpConfiguration(httpConfig -> {
            httpConfig.setSendServerVersion(false);
            httpConfig.setRequestHeaderSize(config.server().maxRequestHeaderBytes());
        });
        javalin.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        // A gateway keeps no HTTP sessions (Javalin would open one, never to expire, for every WebSocket upgrade).
        javalin.jetty.modifyServletContextHandler(context -> context.setSessionHandler(new NoSessions()));
        // Our own connector instead of Javalin's default, to bound slow clients (slowloris): idle timeout and
        // first request head deadline.
        javalin.jetty.addConnector((server, httpConfig) ->
                GatewayConnector.create(server, httpConfig, config.server()));
        javalin.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(config.websocket().maxMessageBytes());
            factory.setMaxBinaryMessageSize(config.websocket().maxMessageBytes());
            factory.setIdleTimeout(Duration.ofSeconds(config.websocket().idleTimeoutSeconds()));
            webSocketEndpoints.accept(factory);
        });
    }

    /** The first move of a graceful shutdown: accept no new connections; those open are served on. */
    public static void stopAccepting(Javalin javalin) {
        for (Connector connector : javalin.jettyServer().server().getConnectors()) {
            if (connector instanceof AbstractConnector acceptor) {
                acceptor.shutdown();
            }
        }
    }
}
