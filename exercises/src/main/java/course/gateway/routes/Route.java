package course.gateway.routes;

import course.gateway.config.RouteConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;

/**
 * A route ready to serve: its prefix, its upstream base URLs, and its {@link RouteSettings}, resolved once.
 * Upstreams are taken in turn (round robin), so two instances of a service share the load.
 */
public final class Route {
    private final RouteConfig config;
    private final RouteSettings settings;
    private final List<HttpUrl> upstreams;
    private final AtomicInteger turn = new AtomicInteger();

    public Route(RouteConfig config, RouteSettings settings) {
        this.config = config;
        this.settings = settings;
        this.upstreams = config.upstreams().stream().map(HttpUrl::get).toList();
    }

    public String name() {
        return config.name();
    }

    public String prefix() {
        return config.prefix();
    }

    /** Shorthand for {@code settings().timeout()}, which every upstream call needs. */
    public Duration timeout() {
        return settings.timeout();
    }

    public RouteSettings settings() {
        return settings;
    }

    public List<HttpUrl> upstreams() {
        return upstreams;
    }

    /**
     * How errors, logs and health name an upstream without giving away its address: the route's name, with its
     * position when the route has several ({@code service-a[1]}).
     */
    public String upstreamName(HttpUrl upstream) {
        return upstreams.size() == 1 ? name() : name() + "[" + upstreams.indexOf(upstream) + "]";
    }

    /** The route as config.json gave it, for {@code GET /gateway/routes}. */
    RouteConfig config() {
        return config;
    }

    /** Whether {@code path} belongs to this route: the prefix itself or anything under it. */
    boolean matches(String path) {
        // TODO(step 1): whether path belongs to this route: the prefix itself, or anything under it, in whole
        // path segments only (a route for /service-a serves /service-a/items/1, never /service-abc). The path is
        // raw: compare it as it is. Guide: exercises/steps/1-routing.md, "Matching routes".
        return false;
    }

    /** The path to ask the upstream for: the prefix stripped (if configured), then put under the upstream's path. */
    public String upstreamPath(HttpUrl upstream, String rawPath) {
        // TODO(step 1): the path to ask the upstream for. The route's prefix comes off when the route's
        // stripPrefix setting is on; what is left goes under the upstream URL's own path (an upstream
        // http://host:9000/api puts /api in front); the result is never empty. Everything stays raw, exactly as
        // the client wrote it.
        // Guide: "Building the upstream request" has worked examples.
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet: Route.upstreamPath."
                + " See exercises/steps/1-routing.md");
    }

    /** The next upstream in turn. */
    public HttpUrl nextUpstream() {
        return upstreams.get(Math.floorMod(turn.getAndIncrement(), upstreams.size()));
    }
}
