package course.gateway.breaker;

import course.gateway.config.BreakerConfig;
import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import course.gateway.routing.UpstreamPicker;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * Bonus C: a circuit breaker per upstream, consulted by the proxy and the WebSocket relay when they pick one.
 * Upstreams are taken in turn, skipping those whose circuit refuses calls; when none of a route's upstreams may be
 * called the request gets 503 with {@code Retry-After}, and the upstream is not touched.
 */
public final class BreakerPicker implements UpstreamPicker {
    private final Map<Route, Map<HttpUrl, CircuitBreaker>> breakers = new LinkedHashMap<>();

    public BreakerPicker(RouteTable routes, BreakerConfig settings, Clock clock) {
        for (Route route : routes.routes()) {
            var perUpstream = new LinkedHashMap<HttpUrl, CircuitBreaker>();
            for (HttpUrl upstream : route.upstreams()) {
                perUpstream.put(upstream, new CircuitBreaker(settings, clock));
            }
            breakers.put(route, perUpstream);
        }
    }

    @Override
    public Attempt pick(Context ctx, Route route) {
        // TODO(bonus C): choose the upstream for one attempt, skipping those whose circuit refuses calls.
        //   Input: the route (its upstreams, taken in turn) and each upstream's CircuitBreaker in breakers.
        //   Output: an Attempt for the first upstream whose breaker admits the call; its report(outcome) passes
        //   the outcome to that breaker exactly once, however often it is called. None admits a call: 503, with a
        //   message that names the route (never its address) and Retry-After set on ctx to the soonest time any of
        //   them might admit one, in whole seconds rounded up, at least 1.
        //   See "The picker" in exercises/steps/bonus-c-breaker.md.
        return UpstreamPicker.roundRobin().pick(ctx, route);
    }

    /** Every upstream's circuit state by upstream name, as health and stats show it. */
    public Map<String, String> stateNames() {
        var names = new TreeMap<String, String>();
        states().forEach((upstream, state) -> names.put(upstream, state.name()));
        return names;
    }

    /** Every upstream's circuit state, by upstream name ({@link Route#upstreamName}). */
    public Map<String, CircuitState> states() {
        var states = new LinkedHashMap<String, CircuitState>();
        breakers.forEach((route, perUpstream) -> perUpstream.forEach((upstream, breaker) ->
                states.put(route.upstreamName(upstream), breaker.state())));
        return states;
    }
}
