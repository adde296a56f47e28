package course.gateway.bulkhead;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The bulkhead: each route may have only so many requests waiting on its upstreams at once; one more gets 503
 * with {@code Retry-After: 1} at once, without touching the upstream.
 *
 * <p>Why: forwarding is blocking, so every request in flight holds one of the server's request threads until its
 * upstream answers. Without a cap, one slow upstream would soon hold them all, and requests for every other route
 * would queue behind it. Capping each route below the thread count keeps threads free for the others; Envoy's
 * per-cluster {@code max_requests} circuit-breaker threshold does the same job (its overflow is also a 503).
 */
public final class BulkheadStep implements Step {
    private final Map<Route, Semaphore> permits = new IdentityHashMap<>();

    public BulkheadStep(RouteTable routes) {
        for (Route route : routes.routes()) {
            permits.put(route, new Semaphore(route.settings().maxConcurrentRequests()));
        }
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        Route route = RequestFacts.of(ctx).route();
        Semaphore free = permits.get(route);
        // Never wait for a permit: waiting would hold a request thread, which is what the cap is there to save.
        if (!free.tryAcquire()) {
            ctx.header("Retry-After", "1");
            throw new ServiceUnavailableResponse("Route '" + route.name() + "' has as many requests in flight as"
                    + " it may have; retry shortly");
        }
        try {
            next.proceed(); // the answer has been streamed to the client when this returns
        } finally {
            free.release();
        }
    }
}
