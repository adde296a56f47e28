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
        var http1 = new HttpConnectionFactory(http);
        var connector = new ServerConnector(server, http1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeoutMs());
        // On the HTTP/1 factory, not the connector: a listener on the connector would also be given the
        // WebSocket connections that upgrades create, whose count of messages in is not of request heads.
        http1.addEventListener(new FirstRequestHeadDeadline(connector, config.requestHeadTimeoutMs()));
        return connector;
    }
}
