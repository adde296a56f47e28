package course.gateway.server;

import course.gateway.config.ServerConfig;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The gateway's one listening socket, in place of Javalin's default so that slow clients are bounded: a client
 * silent for {@code server.idleTimeoutMs} is disconnected, and so is a new connection whose first request head
 * has not arrived within {@code server.requestHeadTimeoutMs} however steadily it trickles (slowloris).
 *
 * <p>Neither costs a request thread while it lasts: Jetty reads request heads without one. What a slow client
 * holds is a socket, and these two timeouts are what give it back.
 */
public final class GatewayConnector {
    private GatewayConnector() {}

    /** For Javalin's {@code config.jetty.addConnector}. */
    public static ServerConnector create(Server server, HttpConfiguration http, ServerConfig config) {
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeoutMs());
        connector.addEventListener(new FirstRequestHeadDeadline(connector, config.requestHeadTimeoutMs()));
        return connector;
    }
}
