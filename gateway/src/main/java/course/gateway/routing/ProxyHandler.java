package course.gateway.routing;

import course.gateway.routing.StreamingRequestBody.ClientBodyException;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Step 1, routing: finds the route for the request, forwards it to one of the route's upstreams and streams the
 * answer back. Rejections: 400 unsafe path or broken request body, 404 no route, 502 upstream unreachable or
 * broken, 504 upstream too slow.
 */
public final class ProxyHandler implements Handler {
    private final RouteTable routes;
    private final Map<Route, OkHttpClient> clients = new IdentityHashMap<>();

    /** @param http the shared client; each route gets a view of it with the route's own timeouts */
    public ProxyHandler(RouteTable routes, OkHttpClient http) {
        this.routes = routes;
        for (Route route : routes.routes()) {
            clients.put(route, http.newBuilder()
                    .connectTimeout(route.timeout())
                    .readTimeout(route.timeout())
                    .writeTimeout(route.timeout())
                    .build());
        }
    }

    @Override
    public void handle(Context ctx) throws IOException {
        String rawPath = ctx.req().getRequestURI();
        PathSafety.check(rawPath);
        Route route = routes.match(rawPath).orElseThrow(() -> new NotFoundResponse(
                "No route matches " + shorten(rawPath) + "; see /gateway/routes"));
        HttpUrl upstream = route.nextUpstream();

        Response response;
        try {
            response = clients.get(route).newCall(UpstreamRequests.build(ctx, route, upstream)).execute();
        } catch (ClientBodyException clientHungUp) {
            throw new BadRequestResponse("The request body ended before its declared length");
        } catch (IOException upstreamFailed) {
            throw UpstreamFailures.describe(upstreamFailed, route);
        }
        try (response) {
            ResponseRelay.relay(response, ctx);
        } catch (IOException upstreamBrokeOff) {
            throw UpstreamFailures.describe(upstreamBrokeOff, route);
        }
    }

    private static String shorten(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "...";
    }
}
