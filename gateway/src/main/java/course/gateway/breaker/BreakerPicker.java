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
        // step:c-breaker begin pick
        long soonest = Long.MAX_VALUE;
        for (int i = 0; i < route.upstreams().size(); i++) {
            HttpUrl upstream = route.nextUpstream();
            CircuitBreaker breaker = breakers.get(route).get(upstream);
            CircuitBreaker.Permit permit = breaker.tryAcquire();
            if (permit.allowed()) {
                var reported = new AtomicBoolean();
                return new Lease() {
                    @Override
                    public HttpUrl url() {
                        return upstream;
                    }

                    @Override
                    public void report(Outcome outcome) {
                        if (reported.compareAndSet(false, true)) {
                            breaker.record(permit, outcome);
                        }
                    }
                };
            }
            soonest = Math.min(soonest, permit.retryAfterMillis());
        }
        long retryAfterSeconds = Math.max(1, (soonest + 999) / 1000);
        ctx.header("Retry-After", String.valueOf(retryAfterSeconds));
        throw new ServiceUnavailableResponse("Upstream '" + route.name() + "' is failing, so the circuit is open;"
                + " retry in " + retryAfterSeconds + " s");
        // step:c-breaker end
    }

    /** Every upstream's circuit state, by upstream name ({@link Route#upstreamName}). */
    public Map<String, CircuitState> states() {
        var states = new LinkedHashMap<String, CircuitState>();
        breakers.forEach((route, perUpstream) -> perUpstream.forEach((upstream, breaker) ->
                states.put(route.upstreamName(upstream), breaker.state())));
        return states;
    }
}
