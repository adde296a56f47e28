package course.gateway.routing;

import course.gateway.routes.Route;
import io.javalin.http.BadGatewayResponse;
import io.javalin.http.GatewayTimeoutResponse;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Turns an I/O failure talking to an upstream into the status a client should see: 504 when the upstream was
 * too slow, 502 when it could not be reached or broke the protocol. Messages name the route, never an
 * internal address.
 */
final class UpstreamFailures {
    private UpstreamFailures() {}

    static HttpResponseException describe(IOException failure, Route route) {
        // OkHttp reports every kind of timeout as an InterruptedIOException (SocketTimeoutException included).
        if (failure instanceof InterruptedIOException) {
            return new GatewayTimeoutResponse("Upstream '" + route.name() + "' did not answer within "
                    + route.timeout().toMillis() + " ms");
        }
        return new BadGatewayResponse("Upstream '" + route.name() + "' could not be reached or sent a broken"
                + " response");
    }
}
