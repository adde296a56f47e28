package course.gateway.breaker;

import course.gateway.config.BreakerConfig;
import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import course.gateway.routing.UpstreamPicker;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
        // step:c-breaker begin pick
        long soonest = Long.MAX_VALUE;
        for (int i = 0; i < route.upstreams().size(); i++) {
            HttpUrl upstream = route.nextUpstream();
            CircuitBreaker breaker = breakers.get(route).get(upstream);
            Admission admission = breaker.tryAcquire();
            if (admission.allowed()) {
                var reported = new AtomicBoolean();
                return new Attempt() {
                    @Override
                    public HttpUrl url() {
                        return upstream;
                    }

                    @Override
                    public void report(Outcome outcome) {
                        if (reported.compareAndSet(false, true)) {
                            breaker.record(admission, outcome);
                        }
                    }
                };
            }
            soonest = Math.min(soonest, admission.retryAfterMillis());
        }
        long retryAfterSeconds = Math.max(1, (soonest + 999) / 1000);
        ctx.header("Retry-After", String.valueOf(retryAfterSeconds));
        throw new ServiceUnavailableResponse("Upstream '" + route.name() + "' is failing, so the circuit is open;"
                + " retry in " + retryAfterSeconds + " s");
        // step:c-breaker end
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
