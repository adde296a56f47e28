package course.gateway.routing;

import course.gateway.pipeline.Step;
import course.gateway.routing.StreamingRequestBody.BodyTooLargeException;
import course.gateway.routing.StreamingRequestBody.ClientBodyException;
import course.gateway.routing.UpstreamPicker.Lease;
import course.gateway.routing.UpstreamPicker.Outcome;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Step 1, second half, the last step of the pipeline: forwards the request to an upstream of its route and
 * streams the answer back. An upstream that refuses the connection is retried on the next one for idempotent
 * methods, as often as the route allows and while its timeout lasts. Rejections: 400 broken request body,
 * 413 body too large, 502 upstream unreachable or broken, 503 no upstream may be called, 504 upstream too slow.
 */
public final class ProxyStep implements Step {
    /** Where the name of the upstream that answered is left for the request log. */
    public static final String UPSTREAM = "gateway.upstream";
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    private final UpstreamPicker picker;
    private final Clock clock;
    private final long maxBodyBytes;
    private final Set<String> strippedHeaders;
    private final Map<Route, OkHttpClient> clients = new IdentityHashMap<>();

    /**
     * @param http            the shared client; each route gets a view of it with the route's own timeouts
     * @param strippedHeaders lower-case names of request headers that never go upstream
     */
    public ProxyStep(RouteTable routes, OkHttpClient http, UpstreamPicker picker, Clock clock, long maxBodyBytes,
                     Set<String> strippedHeaders) {
        this.picker = picker;
        this.clock = clock;
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
        // step:1-routing begin forward
        Route route = Route.of(ctx);
        RequestBody body = UpstreamRequests.body(ctx.req(), maxBodyBytes);
        int retriesLeft = IDEMPOTENT.contains(ctx.method().name()) ? route.config().retries() : 0;
        long deadline = clock.millis() + route.timeout().toMillis();
        while (true) {
            Lease lease = picker.pick(ctx, route);
            ctx.attribute(UPSTREAM, route.upstreamName(lease.url()));
            Response response;
            try {
                response = clients.get(route)
                        .newCall(UpstreamRequests.build(ctx, route, lease.url(), body, strippedHeaders)).execute();
            } catch (ClientBodyException clientHungUp) {
                lease.report(Outcome.UNKNOWN);
                throw new BadRequestResponse("The request body ended before its declared length");
            } catch (BodyTooLargeException tooLarge) {
                lease.report(Outcome.UNKNOWN);
                throw new ContentTooLargeResponse("The request body is larger than the limit of " + maxBodyBytes
                        + " bytes");
            } catch (IOException upstreamFailed) {
                lease.report(Outcome.FAILURE);
                boolean untouched = !(body instanceof StreamingRequestBody streamed) || !streamed.started();
                if (upstreamFailed instanceof ConnectException && retriesLeft-- > 0 && untouched
                        && clock.millis() < deadline) {
                    continue; // nothing reached that upstream, so the next one may have the request
                }
                throw UpstreamFailures.describe(upstreamFailed, route);
            }
            relay(ctx, route, lease, response);
            return;
        }
        // step:1-routing end
    }

    private static void relay(Context ctx, Route route, Lease lease, Response response) {
        // step:1-routing begin relayAndReport
        Outcome outcome = response.code() >= 500 ? Outcome.FAILURE : Outcome.SUCCESS;
        try (response) {
            ResponseRelay.relay(response, ctx, () -> lease.report(outcome));
        } catch (IOException upstreamBrokeOff) {
            lease.report(Outcome.FAILURE);
            throw UpstreamFailures.describe(upstreamBrokeOff, route);
        } finally {
            lease.report(outcome); // the client went away first: the upstream did answer, so judge by its status
        }
        // step:1-routing end
    }
}
