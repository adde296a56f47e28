package course.gateway.admin;

import course.gateway.config.GatewayConfig;
import course.gateway.observability.GatewayStats;
import course.gateway.observability.HealthEndpoints;
import course.gateway.observability.Metrics;
import course.gateway.routes.RouteTable;
import course.gateway.store.StoreHealth;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The gateway's own endpoints, which answer before any route is looked up: {@code /health} for liveness probes,
 * open to all; {@code /gateway/health}, {@code /gateway/routes}, {@code /gateway/stats} and {@code /metrics} for
 * whom {@code admin.access} lets in (403 for others). Route prefixes may not hide them (config refuses it).
 */
public final class AdminEndpoints {
    private AdminEndpoints() {}

    /**
     * @param circuits each upstream's circuit state by name (empty when breakers are off)
     * @param store    checks the shared store now and tells how it is
     * @return the health checks, which the dashboard shows too
     */
    public static HealthEndpoints register(JavalinConfig javalin, GatewayConfig config, RouteTable routes,
                                           OkHttpClient http, GatewayStats stats,
                                           Supplier<Map<String, String>> circuits, Supplier<StoreHealth> store) {
        var health = new HealthEndpoints(routes, http, Duration.ofMillis(config.server().healthTimeoutMs()),
                circuits, store);
        var admin = new AdminAccess(config.admin());
        javalin.routes.get("/health", health::alive);
        javalin.routes.get("/gateway/health", admin.guard(health::aggregate));
        javalin.routes.get("/gateway/routes", admin.guard(ctx -> ctx.json(routes.describe())));
        javalin.routes.get("/gateway/stats", admin.guard(ctx -> ctx.json(stats.snapshot())));
        javalin.routes.get("/metrics", admin.guard(new Metrics(stats)::handle));
        return health;
    }
}
