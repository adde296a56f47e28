package course.gateway.pipeline;

import course.gateway.routes.Route;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.util.Optional;

/**
 * What the gateway has learned about one request, in one typed object that every step reads from and adds to:
 * who asked (request id, client address, API client), which route and upstream serve it, and what each step
 * decided. {@link #begin} creates it before any step runs; the request log reads it once the answer is sent.
 * A step that needs a fact an earlier step did not record (a route before route matching ran) gets an
 * {@code IllegalStateException}: that is a mistake in the pipeline's order, not in the request.
 */
public final class RequestFacts {
    /** The one context attribute the pipeline uses; steps never see it, they call {@link #of}. */
    private static final String KEY = RequestFacts.class.getName();

    private final String requestId;
    private final String client;
    private Route route;
    private String apiClient;
    private String upstream;
    private RateLimitOutcome rateLimit;
    private CacheOutcome cache;
    private ResponseTap responseTap;
    private boolean responseStarted;
    private String lastStep;

    private RequestFacts(String requestId, String client) {
        this.requestId = requestId;
        this.client = client;
    }

    /**
     * Starts the facts of a new request: picks its request id (the client's own if it is sane), puts it on the
     * response as {@code X-Request-ID}, and works out the client's address once.
     */
    public static RequestFacts begin(Context ctx, ClientAddress clients) {
        var facts = new RequestFacts(RequestId.pick(ctx.header(RequestId.HEADER)), clients.of(ctx.req()));
        ctx.attribute(KEY, facts);
        ctx.header(RequestId.HEADER, facts.requestId);
        return facts;
    }

    /** {@link #begin} as the first step of a pipeline that Javalin's before-handlers do not reach (upgrades). */
    public static Step firstStep(ClientAddress clients) {
        return (ctx, next) -> {
            begin(ctx, clients);
            next.proceed();
        };
    }

    /** This request's facts; throws if {@link #begin} has not run (a mistake in the pipeline, not the request). */
    public static RequestFacts of(Context ctx) {
        return require(ctx.attribute(KEY));
    }

    /** The facts of the upgrade request that opened this WebSocket session. */
    public static RequestFacts of(WsContext ctx) {
        return require(ctx.attribute(KEY));
    }

    /**
     * This request's facts if it has any: an error Jetty answers itself (a malformed request line, a header too
     * large) comes before the pipeline and has none.
     */
    public static Optional<RequestFacts> find(Context ctx) {
        return Optional.ofNullable(ctx.attribute(KEY));
    }

    private static RequestFacts require(RequestFacts facts) {
        if (facts == null) {
            throw new IllegalStateException("no request facts: RequestFacts.begin must run before every step");
        }
        return facts;
    }

    public String requestId() {
        return requestId;
    }

    /** The client's IP address (see {@link ClientAddress} for how proxies are trusted). */
    public String client() {
        return client;
    }

    /** The route that serves this request; throws if route matching has not run yet. */
    public Route route() {
        if (route == null) {
            throw new IllegalStateException("no route yet: the route step must run before this one");
        }
        return route;
    }

    /** The route, if route matching found one (the request log asks this of every request, 404s included). */
    public Optional<Route> matchedRoute() {
        return Optional.ofNullable(route);
    }

    public void setRoute(Route route) {
        this.route = route;
    }

    /** Bonus A: the name of the client whose API key was accepted, or null. */
    public String apiClient() {
        return apiClient;
    }

    public void setApiClient(String apiClient) {
        this.apiClient = apiClient;
    }

    /** The name of the upstream that was called ({@code service-a}, or {@code service-a[1]} with several), or null. */
    public String upstream() {
        return upstream;
    }

    public void setUpstream(String upstream) {
        this.upstream = upstream;
    }

    /** What the rate limit decided, or null if it did not run. */
    public RateLimitOutcome rateLimit() {
        return rateLimit;
    }

    public void setRateLimit(RateLimitOutcome rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** What the cache decided, or null if it did not run. */
    public CacheOutcome cache() {
        return cache;
    }

    public void setCache(CacheOutcome cache) {
        this.cache = cache;
    }

    /** Step 3: what wants to see the upstream's answer as it streams to the client (the cache's copy), or null. */
    public ResponseTap responseTap() {
        return responseTap;
    }

    public void setResponseTap(ResponseTap responseTap) {
        this.responseTap = responseTap;
    }

    /**
     * Whether the upstream's status and headers are on the response already: an error after that point must
     * reset them rather than keep them.
     */
    public boolean responseStarted() {
        return responseStarted;
    }

    public void markResponseStarted() {
        this.responseStarted = true;
    }

    /**
     * The name of the last pipeline step this request reached: the one that answered or refused it ("cache" for a
     * hit, "rate-limit" for a 429, "proxy" for a forwarded request), or null if it never reached the pipeline (a
     * gateway endpoint, or an error Jetty answered itself).
     */
    public String lastStep() {
        return lastStep;
    }

    /** The pipeline notes each step as the request reaches it. */
    void reached(String step) {
        this.lastStep = step;
    }
}
