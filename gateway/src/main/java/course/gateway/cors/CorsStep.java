package course.gateway.cors;

import course.gateway.config.CorsConfig;
import course.gateway.pipeline.Step;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;

/**
 * Cross-origin requests from browsers (the Fetch standard's CORS protocol). A preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) from an allowed origin is answered here with 204 and never forwarded;
 * from any other origin it gets 403. Other requests from an allowed origin get {@code Access-Control-Allow-Origin}
 * and the exposed headers; from other origins they pass without them, so the browser keeps the answer from the
 * page. No origin is allowed until config.json lists one.
 */
public final class CorsStep implements Step {
    private final CorsConfig config;

    public CorsStep(CorsConfig config) {
        this.config = config;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        String origin = ctx.header("Origin");
        if (origin == null) {
            next.proceed();
            return;
        }
        boolean allowed = config.allows(origin);
        boolean preflight = ctx.method().name().equals("OPTIONS")
                && ctx.header("Access-Control-Request-Method") != null;
        ctx.res().addHeader("Vary", "Origin");
        if (preflight) {
            if (!allowed) {
                throw new ForbiddenResponse("Origin " + origin + " is not allowed");
            }
            allowOrigin(ctx, origin);
            ctx.header("Access-Control-Allow-Methods", String.join(", ", config.allowedMethods()));
            ctx.header("Access-Control-Allow-Headers", String.join(", ", config.allowedHeaders()));
            ctx.header("Access-Control-Max-Age", String.valueOf(config.maxAgeSeconds()));
            ctx.status(204);
            return;
        }
        if (allowed) {
            allowOrigin(ctx, origin);
            ctx.header("Access-Control-Expose-Headers", String.join(", ", config.exposedHeaders()));
        }
        next.proceed();
    }

    private void allowOrigin(Context ctx, String origin) {
        ctx.header("Access-Control-Allow-Origin", config.allowedOrigins().contains("*") ? "*" : origin);
        if (config.allowCredentials()) {
            ctx.header("Access-Control-Allow-Credentials", "true");
        }
    }
}
