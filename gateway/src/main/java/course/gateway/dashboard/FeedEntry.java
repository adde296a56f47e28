package course.gateway.dashboard;

import course.gateway.pipeline.CacheOutcome;
import course.gateway.pipeline.RateLimitOutcome;
import course.gateway.pipeline.RequestFacts;
import course.gateway.routes.Route;

/**
 * One answered request as the dashboard's live feed shows it. Everything comes from what the pipeline recorded
 * in the request's {@link RequestFacts}, never from a step's internals, so the feed works on any gateway built on
 * the given pipeline. The query string is left out (it may carry secrets), as in the request log.
 *
 * @param step     the pipeline step that answered or refused the request, or null if none did (a gateway endpoint)
 * @param decision that step's decision in a few words, for people: "cache HIT", "rate-limited", "circuit open"
 */
record FeedEntry(String time, String method, String path, int status, double durationMs, String client,
                 String requestId, String route, String upstream, String step, String decision, String cache) {

    static FeedEntry of(String time, String method, String path, int status, double durationMs,
                        RequestFacts facts) {
        String cache = facts.cache() == null ? null : facts.cache().name();
        return new FeedEntry(time, method, path, status, Math.round(durationMs * 10) / 10.0, facts.client(),
                facts.requestId(), facts.matchedRoute().map(Route::name).orElse(null), facts.upstream(),
                facts.lastStep(), decision(facts, status), cache);
    }

    /** The step's decision, read from the facts it recorded and the status it answered with. */
    static String decision(RequestFacts facts, int status) {
        String step = facts.lastStep();
        if (step == null) {
            return "answered by the gateway";
        }
        return switch (step) {
            case "route" -> status == 404 ? "no route" : "refused: bad path";
            case "auth" -> "rejected: no valid API key";
            case "rate-limit" -> facts.rateLimit() == RateLimitOutcome.LIMITED ? "rate-limited" : "refused";
            case "cache" -> facts.cache() == CacheOutcome.HIT ? "cache HIT" : "answered by the cache step";
            case "bulkhead" -> "refused: route busy";
            // The proxy and the relay answer 503 without an upstream only when every circuit is open (Bonus C).
            case "proxy", "websocket" -> facts.upstream() == null && status == 503 ? "circuit open"
                    : facts.upstream() == null ? "not forwarded"
                    : (step.equals("proxy") ? "routed to " : "relayed to ") + facts.upstream();
            case "cors" -> status < 300 ? "CORS preflight" : "refused: origin";
            case "origin" -> "refused: origin";
            case "handshake" -> "refused: bad handshake";
            default -> "answered by " + step;
        };
    }
}
