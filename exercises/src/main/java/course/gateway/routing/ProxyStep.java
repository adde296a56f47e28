package course.gateway.routing;

import course.gateway.pipeline.Step;
import course.gateway.routes.RouteTable;
import io.javalin.http.Context;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * Step 1, second half, the last step of the pipeline: forwards the request to an upstream of its route and
 * streams the answer back. Rejections: 400 broken request body, 413 body too large, 502 upstream unreachable or
 * broken, 503 no upstream may be called (the picker's call), 504 upstream too slow.
 */
public final class ProxyStep implements Step {

    /**
     * @param routes          every route, for whatever you prepare per route
     * @param http            the gateway's one OkHttp client; clients derived from it share its connection pool
     * @param picker          chooses which of a route's upstreams to call, and wants to hear how the call went
     * @param maxBodyBytes    the largest request body the gateway forwards
     * @param strippedHeaders lower-case names of request headers that never go upstream
     */
    public ProxyStep(RouteTable routes, OkHttpClient http, UpstreamPicker picker, long maxBodyBytes,
                     Set<String> strippedHeaders) {
        // TODO(step 1): keep what handle needs. Every call to an upstream must give up after its route's timeout
        //   (to connect, and between any two reads or writes): that is what makes a slow upstream a 504.
        //   Guide: exercises/steps/1-routing.md, "The proxy step".
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        // TODO(step 1): forward the request to an upstream of its route (the request's facts hold the route) and
        //   relay the answer. The contract, explained in the guide's "The proxy step":
        //   - the picker chooses the upstream; its name goes into the request's facts (log, dashboard)
        //   - the attempt hears how the call went: FAILURE for an answer of 500 or more or an upstream that
        //     failed, SUCCESS otherwise, UNKNOWN when the client's body was at fault
        //   - a client body that breaks off is 400, one over the limit 413 (StreamingRequestBody's exceptions)
        //   - an upstream that cannot be reached is 502 and one too slow 504, while nothing has been sent yet
        //   - the upstream's response is closed however the relay ends
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet: ProxyStep.handle."
                + " See exercises/steps/1-routing.md");
    }
}
