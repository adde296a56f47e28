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
        // step:1-routing begin matches
        String prefix = config.prefix();
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        // step:1-routing end
    }

    /** The path to ask the upstream for: the prefix stripped (if configured), then put under the upstream's path. */
    public String upstreamPath(HttpUrl upstream, String rawPath) {
        // step:1-routing begin upstreamPath
        String rest = settings.stripPrefix() ? rawPath.substring(config.prefix().length()) : rawPath;
        String base = upstream.encodedPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String joined = base + rest;
        return joined.isEmpty() ? "/" : joined;
        // step:1-routing end
    }

    /** The next upstream in turn. */
    public HttpUrl nextUpstream() {
        return upstreams.get(Math.floorMod(turn.getAndIncrement(), upstreams.size()));
    }
}
