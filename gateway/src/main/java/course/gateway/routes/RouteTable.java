package course.gateway.routes;

import course.gateway.config.GatewayConfig;
import course.gateway.config.RouteConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the route for a request path; the longest matching prefix wins, so routes may nest. */
public final class RouteTable {
    private final List<Route> routes;

    /** The configured routes, each with its settings resolved. */
    public RouteTable(GatewayConfig config) {
        this.routes = config.routes().stream()
                .map(route -> new Route(route, RouteSettings.resolve(route, config)))
                // step:1-routing begin order
                // Longest prefix first, once: then the first route that matches a path is the most specific.
                .sorted(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed())
                // step:1-routing end
                .toList();
    }

    /** The route for a raw (still percent-encoded) request path, if any. */
    public Optional<Route> match(String rawPath) {
        // step:1-routing begin match
        return routes.stream().filter(route -> route.matches(rawPath)).findFirst();
        // step:1-routing end
    }

    /** Every route (for the parts of the gateway that prepare something per route). */
    public List<Route> routes() {
        return routes;
    }

    /** The table as shown by {@code GET /gateway/routes}. */
    public List<RouteConfig> describe() {
        return routes.stream().map(Route::config).toList();
    }
}
