package course.gateway.routes;

import course.gateway.config.GatewayConfig;
import course.gateway.config.RouteConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finds the route for a request path; the longest matching prefix wins, so routes may nest. */
public final class RouteTable {
    /** In config.json's order: what {@link #routes()} and {@link #describe()} give out. */
    private final List<Route> routes;
    // step:1-routing begin lookup
    /** The same routes, longest prefix first: then the first route that matches a path is the most specific. */
    private final List<Route> longestFirst;
    // step:1-routing end

    /** The configured routes, each with its settings resolved. */
    public RouteTable(GatewayConfig config) {
        this.routes = config.routes().stream()
                .map(route -> new Route(route, RouteSettings.resolve(route, config)))
                .toList();
        // step:1-routing begin order
        // Sorted once, into a list of its own, so that what lists the routes still shows config.json's order.
        this.longestFirst = routes.stream()
                .sorted(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed())
                .toList();
        // step:1-routing end
    }

    /** The route for a raw (still percent-encoded) request path, if any. */
    public Optional<Route> match(String rawPath) {
        // step:1-routing begin match
        return longestFirst.stream().filter(route -> route.matches(rawPath)).findFirst();
        // step:1-routing end
    }

    /**
     * Every route, in config.json's order: the health endpoint, the dashboard, the circuit breakers, the bulkhead
     * and the proxy prepare something per route from it, and the first two list the routes in this order.
     */
    public List<Route> routes() {
        return routes;
    }

    /** The table as shown by {@code GET /gateway/routes}, in config.json's order. */
    public List<RouteConfig> describe() {
        return routes.stream().map(Route::config).toList();
    }
}
