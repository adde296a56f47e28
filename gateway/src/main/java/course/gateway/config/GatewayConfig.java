package course.gateway.config;

import java.util.HashSet;
import java.util.List;

/**
 * Everything the gateway reads from {@code config.json}. Missing sections take their defaults; a route
 * table that routes two entries to the same prefix is rejected.
 */
public record GatewayConfig(ServerConfig server, List<RouteConfig> routes) {

    public GatewayConfig {
        server = server == null ? ServerConfig.defaults() : server;
        routes = routes == null ? List.of() : List.copyOf(routes);
        var names = new HashSet<String>();
        var prefixes = new HashSet<String>();
        for (RouteConfig route : routes) {
            if (!names.add(route.name())) {
                throw new IllegalArgumentException("routes: two routes are named '" + route.name() + "'");
            }
            if (!prefixes.add(route.prefix())) {
                throw new IllegalArgumentException("routes: two routes use the prefix '" + route.prefix() + "'");
            }
        }
    }
}
