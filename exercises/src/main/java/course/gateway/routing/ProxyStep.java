package course.gateway.routing;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import course.gateway.routing.StreamingRequestBody.BodyTooLargeException;
import course.gateway.routing.StreamingRequestBody.ClientBodyException;
import course.gateway.routing.UpstreamPicker.Attempt;
import course.gateway.routing.UpstreamPicker.Outcome;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.ConnectException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Step 1, second half, the last step of the pipeline: forwards the request to an upstream of its route and
 * streams the answer back. An upstream that refuses the connection is retried on the next one for idempotent
 * methods, as often as the route allows (each attempt bounded by OkHttp's connect timeout, so a retry can add at
 * most one route timeout). Rejections: 400 broken request body,
 * 413 body too large, 502 upstream unreachable or broken, 503 no upstream may be called, 504 upstream too slow.
 */
public final class ProxyStep implements Step {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final UpstreamPicker picker;
    private final long maxBodyBytes;
    private final Set<String> strippedHeaders;
    private final Map<Route, OkHttpClient> clients = new IdentityHashMap<>();

    /**
     * @param http            the shared client; each route gets a view of it with the route's own timeouts
     * @param strippedHeaders lower-case names of request headers that never go upstream
     */
    public ProxyStep(RouteTable routes, OkHttpClient http, UpstreamPicker picker, long maxBodyBytes,
                     Set<String> strippedHeaders) {
        this.picker = picker;
        this.maxBodyBytes = maxBodyBytes;
        this.strippedHeaders = strippedHeaders;
        for (Route route : routes.routes()) {
            clients.put(route, http.newBuilder()
                    .connectTimeout(route.timeout())
                    .readTimeout(route.timeout())
                    .writeTimeout(route.timeout())
                    .build());
        }
    }

    @Override
    public void handle(Context ctx, Chain next) throws IOException {
        // TODO(step 1): forward the request to an upstream and stream the answer back.
        //   1. Route route = RequestFacts.of(ctx).route();
        //      RequestBody body = UpstreamRequests.body(ctx.req(), maxBodyBytes);
        //   2. Attempt attempt = picker.pick(ctx, route); record it in the request's facts: setUpstream(
        //      route.upstreamName(attempt.url())); build the request: UpstreamRequests.build(ctx, route, attempt.url(),
        //      body, strippedHeaders);
        //   3. run it with clients.get(route).newCall(...).execute(). ClientBodyException: the client broke off (400);
        //      BodyTooLargeException: over the limit (413); report Outcome.UNKNOWN for both (not the upstream's
        //      fault). Any other IOException means the upstream failed: report Outcome.FAILURE to the attempt and throw
        //      UpstreamFailures.describe(e, route) (502 or 504);
        //   4. pass the answer on with relay(ctx, route, attempt, response), the method just below.
        // Later (optional): when the call fails with java.net.ConnectException, try the next upstream, for IDEMPOTENT
        // methods only, at most route.settings().retries() times, and only if the body has not started streaming
        // (StreamingRequestBody.started()).
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet: ProxyStep.handle."
                + " See exercises/steps/1-routing.md");
    }

    private static void relay(Context ctx, Route route, Attempt attempt, Response response) {
        // TODO(step 1): pass the answer on with ResponseRelay.relay(response, ctx, () -> attempt.report(outcome)),
        // closing the response afterwards (try-with-resources). The outcome is FAILURE for a 5xx, SUCCESS otherwise;
        // if relaying throws an IOException the upstream broke off: report FAILURE, throw UpstreamFailures.describe.
        // The attempt must hear how it went: report the outcome again in a finally block (if the client hung
        // up, relay returned early without calling upstreamDone). Only the first report counts.
        attempt.report(Outcome.UNKNOWN);
    }
}
