package course.gateway.websocket;

import course.gateway.routes.Route;
import course.gateway.routing.UpstreamPicker.Outcome;
import io.javalin.http.BadGatewayResponse;
import io.javalin.http.GatewayTimeoutResponse;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Why the relay could not open the upstream WebSocket, told two ways: as the plain HTTP error the client's upgrade
 * gets instead (504 when the upstream did not answer within the route's timeout, 502 when it could not be reached
 * or refused), and as what the circuit breaker learns from it.
 *
 * @param why    what connecting failed with
 * @param answer the status line the upstream answered the upgrade with, if it answered (see
 *               {@link UpstreamSocket#answer()})
 */
record UpstreamFailure(Throwable why, String answer) {

    /**
     * For the circuit breaker: no connection, or none in time, is the upstream's fault; a handshake it refused
     * (a wrong path, say) says nothing about its health.
     */
    Outcome outcome() {
        if (answer != null) {
            return Outcome.UNKNOWN;
        }
        return why instanceof IOException || why instanceof TimeoutException ? Outcome.FAILURE : Outcome.UNKNOWN;
    }

    /** The client's error, naming the route and, if the upstream answered, its answer. */
    HttpResponseException response(Route route) {
        if (answer != null) {
            // An HTTP answer instead of 101 (a 404, a 403, a 200 from a service without WebSockets), or a 101 that
            // is no valid handshake: the upstream is there but did not switch protocols, which for a relay is a bad
            // gateway, not a timeout.
            String invalid = answer.startsWith("101") ? " with an invalid WebSocket handshake" : "";
            return new BadGatewayResponse("Upstream '" + route.name() + "' refused the WebSocket upgrade: it"
                    + " answered " + answer + invalid);
        }
        if (why instanceof TimeoutException) {
            return new GatewayTimeoutResponse("Upstream '" + route.name() + "' did not accept the WebSocket within "
                    + route.timeout().toMillis() + " ms");
        }
        if (why instanceof ConnectException) {
            return new BadGatewayResponse("Upstream '" + route.name() + "' could not be reached");
        }
        return new BadGatewayResponse("Upstream '" + route.name() + "' refused the WebSocket handshake");
    }
}
