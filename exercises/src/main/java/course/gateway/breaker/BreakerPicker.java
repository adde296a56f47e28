package course.gateway.breaker;

import course.gateway.routing.Route;
import course.gateway.routing.RouteTable;
import course.gateway.routing.UpstreamPicker;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;

/**
 * Bonus C: a circuit breaker per upstream, consulted by the proxy when it picks an upstream. Upstreams are taken
 * in turn, skipping those whose circuit refuses calls; when none of a route's upstreams may be called the request
 * gets 503 with {@code Retry-After}, and the upstream is not touched.
 */
public final class BreakerPicker implements UpstreamPicker {
    private final Map<Route, Map<HttpUrl, CircuitBreaker>> breakers = new LinkedHashMap<>();

    public BreakerPicker(RouteTable routes, BreakerSettings settings, Clock clock) {
        for (Route route : routes.routes()) {
            var perUpstream = new LinkedHashMap<HttpUrl, CircuitBreaker>();
            for (HttpUrl upstream : route.upstreams()) {
                perUpstream.put(upstream, new CircuitBreaker(settings, clock));
            }
            breakers.put(route, perUpstream);
        }
    }

    @Override
    public Lease pick(Context ctx, Route route) {
        // TODO(bonus C): take the route's upstreams in turn (route.nextUpstream()) and ask each one's CircuitBreaker
        // (breakers.get(route).get(upstream)) for a permit. Return a Lease for the first that allows a call; its
        // report(outcome) must record the outcome on the breaker once. When none allows a call, set Retry-After and
        // throw a ServiceUnavailableResponse (503) naming the route.
        HttpUrl upstream = route.nextUpstream();
        return () -> upstream;
    }

    /** Every upstream's circuit state, by upstream name ({@link Route#upstreamName}). */
    public Map<String, CircuitState> states() {
        var states = new LinkedHashMap<String, CircuitState>();
        breakers.forEach((route, perUpstream) -> perUpstream.forEach((upstream, breaker) ->
                states.put(route.upstreamName(upstream), breaker.state())));
        return states;
    }
}
