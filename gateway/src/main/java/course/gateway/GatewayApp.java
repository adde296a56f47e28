package course.gateway;

import course.gateway.admin.AdminEndpoints;
import course.gateway.bulkhead.BulkheadStep;
import course.gateway.config.ConfigLoader;
import course.gateway.config.GatewayConfig;
import course.gateway.cors.CorsStep;
import course.gateway.cors.UpgradeOrigins;
import course.gateway.dashboard.DashboardEndpoints;
import course.gateway.dashboard.Traffic;
import course.gateway.errors.ErrorResponses;
import course.gateway.observability.GatewayStats;
import course.gateway.observability.RequestLog;
import course.gateway.pipeline.ClientAddress;
import course.gateway.pipeline.Pipeline;
import course.gateway.pipeline.RequestFacts;
import course.gateway.routes.RouteTable;
import course.gateway.routing.ForwardedMethods;
import course.gateway.routing.ProxyStep;
import course.gateway.routing.RouteMatching;
import course.gateway.routing.UpstreamClient;
import course.gateway.server.InFlightRequests;
import course.gateway.server.ServerSetup;
import course.gateway.websocket.HandshakeCheck;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import okhttp3.OkHttpClient;

/**
 * The composition root: builds every step from the configuration, a clock and an HTTP client, and registers the
 * request pipeline in {@link #registerPipeline}, which is where a reader starts. Starting on port 0 picks a free
 * port ({@link #port()}).
 */
public final class GatewayApp implements AutoCloseable, IntSupplier {
    private final GatewayConfig config;
    private final OkHttpClient http;
    private final RouteTable routes;
    private final ClientAddress clients;
    private final GatewayStats stats;
    private final RequestLog requestLog;
    private final Traffic traffic;
    private final Steps steps;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Pipeline httpPipeline;
    private Pipeline upgradePipeline;
    private final Javalin javalin;

    /** The request pipeline, in the order a request meets it. */
    private void registerPipeline(JavalinConfig javalin) {
        // Every request, rejected ones included, first gets its facts (an X-Request-ID, the client's address),
        // so errors and logs can name it; once answered, it is counted for the stats and the dashboard, and (Bonus D)
        // gets one JSON log line. It is counted in flight until answered, so a shutdown can let it finish.
        javalin.routes.before(ctx -> {
            inFlight.begin();
            RequestFacts.begin(ctx, clients);
        });
        javalin.requestLogger.http((ctx, ms) -> {
            try {
                answered(ctx, ms);
            } finally {
                inFlight.end();
            }
        });
        javalin.requestLogger.ws(ws -> ws.onUpgrade(this::answered));
        // The gateway's own endpoints and its dashboard answer before any route is looked up.
        var health = AdminEndpoints.register(javalin, config, routes, http, stats, steps::breakerStates,
                steps.stores()::check);
        DashboardEndpoints.register(javalin, config.admin(), traffic, routes, steps::breakerStates, health, stats);

        httpPipeline = Pipeline.builder()
                // CORS: answer browsers' preflight requests here; tag answers for allowed origins.
                .thenIf(!config.cors().allowedOrigins().isEmpty(), "cors", new CorsStep(config.cors()))
                // Step 1: find the route for the path (404 if none, 400 for a path that tries to escape it).
                .then("route", new RouteMatching(routes))
                // Bonus A: no valid API key, 401.
                .thenIf(config.auth().enabled(), "auth", steps.apiKeys())
                // Step 2: over the client's limit, 429 with Retry-After.
                .thenIf(config.rateLimit().enabled(), "rate-limit", steps.rateLimit())
                // Step 3: a fresh cached answer is sent from here (X-Cache: HIT); otherwise a copy is kept.
                .thenIf(config.cache().enabled(), "cache", steps.cache())
                // Each route may hold only part of the request threads while its upstream is slow (503 beyond).
                .then("bulkhead", new BulkheadStep(routes))
                // Step 1: forward to an upstream and stream the answer back. Bonus C: the circuit breakers
                // choose which upstream may be called (503 while every circuit of the route is open).
                .then("proxy", new ProxyStep(routes, http, steps.upstreams(),
                        config.server().maxRequestBodyBytes(), config.auth().strippedHeaders()))
                .build();
        ForwardedMethods.register(javalin, httpPipeline); // TRACE and CONNECT get 405

        // Step 4: a WebSocket upgrade meets the same checks, then the relay connects to the upstream before the
        // client's upgrade is accepted; after that messages flow both ways.
        upgradePipeline = Pipeline.builder()
                .then("request-facts", RequestFacts.firstStep(clients))
                // A handshake that RFC 6455 does not allow is refused before anything else is done for it.
                .then("handshake", new HandshakeCheck())
                // CORS for WebSockets: browsers let any page open one, so an unlisted origin's upgrade is 403.
                .thenIf(!config.cors().allowedOrigins().isEmpty(), "origin", new UpgradeOrigins(config.cors()))
                .then("route", new RouteMatching(routes))
                .thenIf(config.auth().enabled(), "auth", steps.apiKeys())
                .thenIf(config.rateLimit().enabled(), "rate-limit", steps.rateLimit())
                // Bonus C applies here too: an upstream whose circuit is open is not asked (503).
                .then("websocket", steps.webSockets().connect())
                .build();
        if (config.websocket().enabled()) {
            javalin.routes.wsBeforeUpgrade("/*", upgradePipeline);
            javalin.routes.ws("/*", steps.webSockets()::handlers);
        }
    }

    private void answered(Context ctx, Float durationMs) {
        stats.record(ctx, durationMs);
        traffic.http(ctx, durationMs);
        requestLog.http(ctx, durationMs);
    }

    private GatewayApp(GatewayConfig config, Clock clock, OkHttpClient http) {
        this.config = config;
        this.http = http;
        this.routes = new RouteTable(config);
        this.clients = new ClientAddress(config.rateLimit().trustedProxies());
        this.requestLog = new RequestLog(clock, config.logging().enabled());
        this.traffic = new Traffic(clock);
        this.steps = Steps.build(config, routes, clock, requestLog.and(traffic));
        this.stats = new GatewayStats(steps::readings);
        this.javalin = Javalin.create(javalin -> {
            ServerSetup.apply(javalin, config, steps.webSockets()::install);
            javalin.jetty.modifyServer(steps.webSockets()::manageWith);
            // One mapping produces every error body, in one JSON shape.
            javalin.routes.exception(HttpResponseException.class, ErrorResponses::rejected);
            javalin.routes.exception(Exception.class, ErrorResponses::unexpected);
            registerPipeline(javalin);
        });
    }

    /**
     * The graded suite's entry point, in JDK types only so that it runs unchanged against this reference and the
     * workbook's gateway: config.json text in, a started gateway out ({@link AutoCloseable}, its port as an
     * {@link IntSupplier}). A config error throws {@code IllegalArgumentException} with the one-line message.
     */
    public static GatewayApp launch(String configJson, Clock clock) {
        return start(ConfigLoader.parseArgument(configJson, System.getenv()), clock, UpstreamClient.create());
    }

    /** Builds the gateway and starts listening on the configured host and port. */
    public static GatewayApp start(GatewayConfig config, Clock clock, OkHttpClient http) {
        var gateway = new GatewayApp(config, clock, http);
        gateway.javalin.start();
        return gateway;
    }

    /** The step names of the HTTP pipeline, in order (a test pins them), and of the upgrade pipeline below. */
    public List<String> pipelineSteps() { return httpPipeline.stepNames(); }

    public List<String> upgradeSteps() { return upgradePipeline.stepNames(); }

    /** The port the gateway listens on (also as {@link IntSupplier}, for the graded suite). */
    public int port() { return javalin.port(); }

    @Override
    public int getAsInt() { return port(); }

    /** Requests being answered right now (a shutdown waits for them). */
    public int inFlightRequests() {
        return inFlight.count();
    }

    /**
     * Stops gracefully: closes relayed WebSockets with 1001 and "gateway shutting down", accepts no new connections,
     * lets requests in flight finish for up to {@code grace} (returns whether they all did), then stops the server.
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        // WebSockets first: a connector's shutdown cuts every connection idle for over a second, and a relayed
        // WebSocket would hear Jetty's "Connection Idle Timeout" instead of why it is closed.
        steps.webSockets().closeAll();
        traffic.closePages(); // dashboard pages' event streams never finish by themselves
        ServerSetup.stopAccepting(javalin);
        boolean finished = inFlight.awaitIdle(grace);
        steps.webSockets().closeAll(); // any opened meanwhile
        close();
        return finished;
    }

    /** Stops at once (a second call does nothing). */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            javalin.stop();
            steps.stores().close();
        }
    }
}
