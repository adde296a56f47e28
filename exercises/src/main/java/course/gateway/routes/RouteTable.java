package course.gateway.routes;

import course.gateway.config.GatewayConfig;
import course.gateway.config.RouteConfig;
import java.util.List;
import java.util.Optional;

/** Finds the route for a request path; the longest matching prefix wins, so routes may nest. */
public final class RouteTable {
    /** In config.json's order: what {@link #routes()} and {@link #describe()} give out. */
    private final List<Route> routes;

    /** The configured routes, each with its settings resolved. */
    public RouteTable(GatewayConfig config) {
        this.routes = config.routes().stream()
                .map(route -> new Route(route, RouteSettings.resolve(route, config)))
                .toList();
    }

    /** The route for a raw (still percent-encoded) request path, if any. */
    public Optional<Route> match(String rawPath) {
        // TODO(step 1): the route for rawPath. Of the routes that match it (Route.matches), the one with the
        // longest prefix wins, so that routes may nest (/service-a/admin is more specific than /service-a). Empty
        // when no route matches: RouteMatching then answers 404. If you keep the routes in some order for this, keep
        // it in a list of your own (a field, filled in the constructor): routes() and describe() stay in config.json's
        // order. Guide: "Matching routes".
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet: RouteTable.match."
                + " See exercises/steps/1-routing.md");
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
