package course.gateway.routing;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import course.gateway.routing.StreamingRequestBody.BodyTooLargeException;
import course.gateway.routing.StreamingRequestBody.ClientBodyException;
import course.gateway.routing.UpstreamPicker.Attempt;
import course.gateway.routing.UpstreamPicker.Outcome;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
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
        RequestFacts facts = RequestFacts.of(ctx);
        Route route = facts.route();
        RequestBody body = RequestBodies.of(ctx.req(), maxBodyBytes);
        int retriesLeft = IDEMPOTENT.contains(ctx.method().name()) ? route.settings().retries() : 0;
        while (true) {
            Attempt attempt = picker.pick(ctx, route);
            facts.setUpstream(route.upstreamName(attempt.url()));
            Response response;
            try {
                response = clients.get(route)
                        .newCall(UpstreamRequests.build(ctx, route, attempt.url(), body, strippedHeaders)).execute();
            } catch (ClientBodyException clientHungUp) {
                attempt.report(Outcome.UNKNOWN);
                throw new BadRequestResponse("The request body ended before its declared length");
            } catch (BodyTooLargeException tooLarge) {
                attempt.report(Outcome.UNKNOWN);
                throw new ContentTooLargeResponse("The request body is larger than the limit of " + maxBodyBytes
                        + " bytes");
            } catch (IOException upstreamFailed) {
                attempt.report(Outcome.FAILURE);
                boolean untouched = !(body instanceof StreamingRequestBody streamed) || !streamed.started();
                if (upstreamFailed instanceof ConnectException && retriesLeft-- > 0 && untouched) {
                    continue; // nothing reached that upstream, so the next one may have the request
                }
                throw UpstreamFailures.describe(upstreamFailed, route);
            }
            relay(ctx, route, attempt, response);
            return;
        }
    }

    private static void relay(Context ctx, Route route, Attempt attempt, Response response) {
        Outcome outcome = response.code() >= 500 ? Outcome.FAILURE : Outcome.SUCCESS;
        try (response) {
            ResponseRelay.relay(response, ctx, () -> attempt.report(outcome));
        } catch (IOException upstreamBrokeOff) {
            attempt.report(Outcome.FAILURE);
            throw UpstreamFailures.describe(upstreamBrokeOff, route);
        } finally {
            attempt.report(outcome); // the client went away first: the upstream did answer, so judge by its status
        }
    }
}
