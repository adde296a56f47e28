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
                .sorted(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed())
                .toList();
    }

    /** The route for a raw (still percent-encoded) request path, if any. */
    public Optional<Route> match(String rawPath) {
        // TODO(step 1): return the first route that matches rawPath (Route.matches). The list is sorted longest
        // prefix first, so the first match is the most specific route.
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet: RouteTable.match."
                + " See exercises/steps/1-routing.md");
    }

    /** Every route, longest prefix first. */
    public List<Route> routes() {
        return routes;
    }

    /** The table as shown by {@code GET /gateway/routes}. */
    public List<RouteConfig> describe() {
        return routes.stream().map(Route::config).toList();
    }
}
