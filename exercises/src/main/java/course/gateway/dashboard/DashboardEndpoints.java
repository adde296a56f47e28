package course.gateway.dashboard;

import course.gateway.admin.AdminAccess;
import course.gateway.config.AdminConfig;
import course.gateway.observability.GatewayStats;
import course.gateway.observability.HealthEndpoints;
import course.gateway.routes.RouteTable;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The live dashboard at {@code /gateway/ui}: a static page (HTML, CSS and JavaScript from the jar, nothing fetched
 * from elsewhere) that follows {@code /gateway/ui/events}, a server-sent event stream of the request feed and,
 * every second, the {@link Overview}; {@code /gateway/ui/overview} gives one overview as JSON. The data obeys
 * {@code admin.access} like every admin endpoint. The page shows only text (never HTML built from data) and its
 * Content-Security-Policy runs no script but its own, because paths and client names are chosen by anyone.
 */
public final class DashboardEndpoints {
    /** Each open page has a thread of its own; a few is plenty for people watching. */
    static final int MAX_OPEN_PAGES = 8;
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private DashboardEndpoints() {}

    /**
     * @param access   who may see the dashboard: the same rule as every admin endpoint
     * @param circuits each upstream's circuit state by name (empty when breakers are off)
     * @param health   the admin endpoints' health checks, asked for the upstreams' health while a page is open
     */
    public static void register(JavalinConfig javalin, AdminConfig access, Traffic traffic, RouteTable routes,
                                Supplier<Map<String, String>> circuits, HealthEndpoints health,
                                GatewayStats stats) {
        var admin = new AdminAccess(access);
        var overview = new OverviewSource(routes, traffic, circuits, new HealthWatch(health::checkUpstreams),
                stats::snapshot, traffic.clock());
        javalin.routes.get("/gateway/ui", admin.guardPage(asset("index.html", "text/html; charset=utf-8")));
        javalin.routes.get("/gateway/ui/dashboard.js",
                admin.guardPage(asset("dashboard.js", "text/javascript; charset=utf-8")));
        javalin.routes.get("/gateway/ui/dashboard.css",
                admin.guardPage(asset("dashboard.css", "text/css; charset=utf-8")));
        // Its own icon, so the browser does not ask for /favicon.ico, which would go to the routes (and the feed).
        javalin.routes.get("/gateway/ui/favicon.svg", admin.guardPage(asset("favicon.svg", "image/svg+xml")));
        javalin.routes.get("/gateway/ui/overview", admin.guard(ctx -> ctx.json(overview.get())));
        javalin.routes.get("/gateway/ui/events", admin.guard(ctx -> {
            if (traffic.openPages() >= MAX_OPEN_PAGES) {
                throw new ServiceUnavailableResponse("The dashboard is open in " + MAX_OPEN_PAGES
                        + " pages already: close one and reload");
            }
            secure(ctx);
            ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-cache")
                    .header("X-Accel-Buffering", "no"); // a proxy in front must not hold the stream back
            // The page's stream is written on this request's own thread until the page goes away: one thread per
            // open page, at most MAX_OPEN_PAGES, and nothing to clean up when a page vanishes mid-write.
            new OpenPage(overview, traffic).stream(ctx.res().getOutputStream());
        }));
    }

    /** A file of the page, read from the jar once, served as it is. */
    private static io.javalin.http.Handler asset(String name, String contentType) {
        byte[] bytes = read(name);
        return ctx -> {
            secure(ctx);
            ctx.header("Cache-Control", "no-cache").contentType(contentType).result(bytes);
        };
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardEndpoints.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
