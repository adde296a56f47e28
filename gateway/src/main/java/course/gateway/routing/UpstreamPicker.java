package course.gateway.routing;

import course.gateway.routes.Route;
import io.javalin.http.Context;
import okhttp3.HttpUrl;

/**
 * Chooses which of a route's upstreams the proxy calls, and hears how the call went. The plain picker takes
 * them in turn; the circuit breaker's picker skips upstreams whose circuit is open.
 */
@FunctionalInterface
public interface UpstreamPicker {

    /** An upstream for one attempt; throws 503 (with Retry-After on {@code ctx}) when none may be called. */
    Attempt pick(Context ctx, Route route);

    /** How an attempt went, as far as the upstream's health is concerned. */
    enum Outcome { SUCCESS, FAILURE, UNKNOWN }

    /**
     * One attempt to call an upstream. {@link #report} must be called when the attempt is over; only the first
     * report counts, so callers may report again on every way out without double counting.
     */
    interface Attempt {
        HttpUrl url();

        default void report(Outcome outcome) {}
    }

    /** Takes the route's upstreams in turn, with no opinion on their health. */
    static UpstreamPicker roundRobin() {
        return (ctx, route) -> {
            HttpUrl url = route.nextUpstream();
            return () -> url;
        };
    }
}
