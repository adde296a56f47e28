package course.gateway.routing;

import course.gateway.routes.Route;
import io.javalin.http.HttpResponseException;
import java.io.IOException;

/**
 * Turns an I/O failure talking to an upstream into the status a client should see: 504 when the upstream was
 * too slow, 502 when it could not be reached or broke the protocol. Messages name the route, never an
 * internal address.
 */
final class UpstreamFailures {
    private UpstreamFailures() {}

    /** The rejection to throw for {@code failure}, met while calling an upstream of {@code route}. */
    static HttpResponseException describe(IOException failure, Route route) {
        // TODO(step 1): tell "too slow" (504 Gateway Timeout) from "could not be reached, or answered with
        //   garbage" (502 Bad Gateway), as one of Javalin's status exceptions so that the gateway's error shape
        //   is kept. The message names the route, never the upstream's address (clients must not learn it).
        //   Guide: exercises/steps/1-routing.md, "When the upstream fails".
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet:"
                + " UpstreamFailures.describe. See exercises/steps/1-routing.md");
    }
}
