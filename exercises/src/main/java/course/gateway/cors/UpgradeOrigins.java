package course.gateway.cors;

import course.gateway.config.CorsConfig;
import course.gateway.pipeline.Step;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;

/**
 * Refuses (403) a WebSocket upgrade whose {@code Origin} is not in {@code cors.allowedOrigins}. Browsers do not apply
 * CORS to WebSockets: any page may open one to the gateway, with the user's cookies, and read what comes back
 * (cross-site WebSocket hijacking). A browser always sends the page's Origin on an upgrade, so checking it here is
 * what CORS is for plain requests. An upgrade without Origin comes from a client that is not a browser and passes.
 * Only in the upgrade pipeline, and only when origins are listed.
 */
public final class UpgradeOrigins implements Step {
    private final CorsConfig config;

    public UpgradeOrigins(CorsConfig config) {
        this.config = config;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        String origin = ctx.header("Origin");
        if (origin != null && !config.allows(origin)) {
            throw new ForbiddenResponse("Origin " + origin + " may not open WebSockets through this gateway");
        }
        next.proceed();
    }
}
