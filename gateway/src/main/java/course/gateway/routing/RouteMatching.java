package course.gateway.routing;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/**
 * Step 1, first half: refuses unsafe paths, and bytes that are not UTF-8 in the query or headers (400), finds
 * the request's route (404 if none) and records it in the request's facts for the steps after it.
 */
public final class RouteMatching implements Step {
    private final RouteTable routes;

    public RouteMatching(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        String rawPath = ctx.req().getRequestURI();
        PathSafety.check(rawPath);
        Utf8Bytes.check(ctx.req());
        Route route = routes.match(rawPath).orElseThrow(() -> new NotFoundResponse(
                "No route matches " + shorten(rawPath) + "; see /gateway/routes"));
        RequestFacts.of(ctx).setRoute(route);
        next.proceed();
    }

    private static String shorten(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "...";
    }
}
