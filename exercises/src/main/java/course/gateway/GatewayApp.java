package course.gateway;

import course.gateway.admin.AdminAccess;
import course.gateway.auth.ApiKeyStep;
import course.gateway.auth.ApiKeys;
import course.gateway.breaker.BreakerPicker;
import course.gateway.breaker.BreakerSettings;
import course.gateway.bulkhead.BulkheadStep;
import course.gateway.cache.CacheStep;
import course.gateway.cache.ResponseCache;
import course.gateway.config.ConfigException;
import course.gateway.config.ConfigLoader;
import course.gateway.config.GatewayConfig;
import course.gateway.cors.CorsStep;
import course.gateway.cors.UpgradeOrigins;
import course.gateway.errors.ErrorResponses;
import course.gateway.errors.JettyErrors;
import course.gateway.observability.GatewayStats;
import course.gateway.observability.HealthEndpoints;
import course.gateway.observability.Metrics;
import course.gateway.observability.RequestId;
import course.gateway.observability.RequestLog;
import course.gateway.pipeline.Pipeline;
import course.gateway.ratelimit.ClientAddress;
import course.gateway.ratelimit.RateLimitStep;
import course.gateway.ratelimit.RateLimiter;
import course.gateway.routing.ProxyStep;
import course.gateway.routing.RouteMatching;
import course.gateway.routing.RouteTable;
import course.gateway.routing.UpstreamClient;
import course.gateway.routing.UpstreamPicker;
import course.gateway.server.GatewayConnector;
import course.gateway.store.RedisRateLimits;
import course.gateway.store.RedisResponses;
import course.gateway.store.SharedStore;
import course.gateway.store.StoreHealth;
import course.gateway.websocket.HandshakeCheck;
import course.gateway.websocket.MessageBudget;
import course.gateway.websocket.RelaySession;
import course.gateway.websocket.WebSocketRelay;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The composition root: builds every step from the configuration, a clock and an HTTP client, and registers the
 * request pipeline in {@link #registerPipeline}. Starting on port 0 picks a free port ({@link #port()}).
 */
public final class GatewayApp implements AutoCloseable, IntSupplier {
    /** The methods the gateway forwards. TRACE and CONNECT are refused: a gateway has no use for them. */
    static final List<HandlerType> FORWARDED_METHODS = List.of(HandlerType.GET, HandlerType.HEAD,
            HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);

    /** The reason relayed WebSockets are closed with (1001) when the gateway stops. */
    static final String SHUTTING_DOWN = "gateway shutting down";

    private final GatewayConfig config;
    private final Clock clock;
    private final OkHttpClient http;
    private final RouteTable routes;
    private final ClientAddress clients;
    private final BreakerPicker breakers;
    private final ApiKeyStep apiKeys;
    private final RateLimitStep rateLimit;
    private final CacheStep cache;
    private final WebSocketRelay webSockets;
    private final GatewayStats stats;
    private final SharedStore sharedStore; // null with the in-memory store
    private final RequestLog requestLog;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private Pipeline httpPipeline;
    private Pipeline upgradePipeline;
    private final Javalin javalin;

    private GatewayApp(GatewayConfig config, Clock clock, OkHttpClient http) {
        this.config = config;
        this.clock = clock;
        this.http = http;
        this.routes = new RouteTable(config.routes());
        this.clients = new ClientAddress(config.rateLimit().trustedProxies());
        this.breakers = new BreakerPicker(routes, new BreakerSettings(config.breaker().failureThreshold(),
                Duration.ofSeconds(config.breaker().coolDownSeconds())), clock);
        this.apiKeys = new ApiKeyStep(new ApiKeys(config.auth().keys()), config.auth().header());
        // Bonus E: budgets and cached answers live in this process, or in a Redis every replica shares.
        this.sharedStore = config.store().isRedis()
                ? new SharedStore(config.store(), config.server().maxThreads(), clock) : null;
        // One limiter for plain requests and WebSocket upgrades alike: they draw on the same budget.
        this.rateLimit = new RateLimitStep(sharedStore != null ? new RedisRateLimits(sharedStore, clock)
                : new RateLimiter(clock, config.rateLimit().maxClients()), config.rateLimit(), clients);
        this.cache = new CacheStep(config.cache(), sharedStore != null ? new RedisResponses(sharedStore, config.cache())
                : new ResponseCache(config.cache().maxEntries(), config.cache().maxTotalBytes()), clock);
        this.stats = new GatewayStats(this::readings);
        this.requestLog = new RequestLog(clock, clients, stats, config.logging().enabled());
        this.webSockets = new WebSocketRelay(clock, config.websocket().maxMessageBytes(), strippedHeaders(), clients,
                new WebSocketRelay.SessionListener() {
                    @Override
                    public void opened(RelaySession session) {
                        requestLog.webSocketOpened(session);
                    }

                    @Override
                    public void closed(RelaySession session, int closeCode) {
                        requestLog.webSocketClosed(session, closeCode);
                    }
                }, new MessageBudget(config.websocket().maxBytesInFlight(),
                        Duration.ofMillis(config.server().idleTimeoutMs()), config.server().maxThreads() / 4));
        this.javalin = Javalin.create(this::configure);
    }

    /**
     * The entry point of the graded acceptance suite, in JDK types only so that the suite runs unchanged against
     * this reference and against the workbook's gateway: config.json text in, a started gateway out, which is
     * {@link AutoCloseable} and gives its port as an {@link IntSupplier}. Config errors throw
     * {@code IllegalArgumentException} with the usual one-line message.
     */
    public static GatewayApp launch(String configJson, Clock clock) {
        GatewayConfig config;
        try {
            config = ConfigLoader.parse(configJson, "config.json", System.getenv());
        } catch (ConfigException invalid) {
            throw new IllegalArgumentException(invalid.getMessage(), invalid);
        }
        return start(config, clock, UpstreamClient.create());
    }

    /** Builds the gateway and starts listening on the configured host and port. */
    public static GatewayApp start(GatewayConfig config, Clock clock, OkHttpClient http) {
        var gateway = new GatewayApp(config, clock, http);
        gateway.javalin.start();
        return gateway;
    }

    private void configure(JavalinConfig javalin) {
        javalin.startup.showJavalinBanner = false;
        // A proxy passes bodies through as they are: no compression, no ETags of its own.
        javalin.http.compressionStrategy = CompressionStrategy.NONE;
        javalin.http.generateEtags = false;
        var threads = new QueuedThreadPool(config.server().maxThreads(), 8);
        threads.setName("gateway-http");
        javalin.jetty.threadPool = threads;
        javalin.jetty.modifyHttpConfiguration(httpConfig -> {
            httpConfig.setSendServerVersion(false);
            httpConfig.setRequestHeaderSize(config.server().maxRequestHeaderBytes());
        });
        javalin.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        // A gateway keeps no HTTP sessions (Javalin would open one, never to expire, for every WebSocket upgrade).
        javalin.jetty.modifyServletContextHandler(context -> context.setSessionHandler(new NoSessions()));
        // Our own connector instead of Javalin's default, to bound slow clients (slowloris): idle timeout and
        // first request head deadline.
        javalin.jetty.addConnector((server, httpConfig) ->
                GatewayConnector.create(server, httpConfig, config.server()));
        javalin.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(config.websocket().maxMessageBytes());
            factory.setMaxBinaryMessageSize(config.websocket().maxMessageBytes());
            factory.setIdleTimeout(Duration.ofSeconds(config.websocket().idleTimeoutSeconds()));
            webSockets.install(factory);
        });
        javalin.routes.exception(HttpResponseException.class, ErrorResponses::rejected);
        javalin.routes.exception(Exception.class, ErrorResponses::unexpected);
        registerPipeline(javalin);
    }

    /** The request pipeline, in the order a request meets it. */
    private void registerPipeline(JavalinConfig javalin) {
        // Every request, rejected ones included, gets an X-Request-ID first, so errors and logs can name it,
        // and (Bonus D) one JSON log line once it has been answered.
        // Every request is counted in flight until answered, so a shutdown can let it finish.
        javalin.routes.before(ctx -> {
            inFlight.begin();
            RequestId.assign(ctx);
        });
        javalin.requestLogger.http((ctx, ms) -> {
            try {
                requestLog.http(ctx, ms);
            } finally {
                inFlight.end();
            }
        });
        javalin.requestLogger.ws(ws -> ws.onUpgrade(requestLog::http));

        // The gateway's own endpoints answer before any route is looked up. /health is open to liveness probes;
        // the admin endpoints answer whom admin.access lets in (403 for others).
        var health = new HealthEndpoints(routes, http, clock, Duration.ofMillis(config.server().healthTimeoutMs()),
                this::breakerStates, this::checkStore);
        var admin = new AdminAccess(config.admin(), clients);
        javalin.routes.get("/health", health::alive);
        javalin.routes.get("/gateway/health", admin.guard(health::aggregate));
        javalin.routes.get("/gateway/routes", admin.guard(ctx -> ctx.json(routes.describe())));
        javalin.routes.get("/gateway/stats", admin.guard(ctx -> ctx.json(stats.snapshot())));
        javalin.routes.get("/metrics", admin.guard(new Metrics(stats)::handle));

        httpPipeline = Pipeline.builder()
                // CORS: answer browsers' preflight requests here; tag answers for allowed origins.
                .thenIf(!config.cors().allowedOrigins().isEmpty(), "cors", new CorsStep(config.cors()))
                // Step 1: find the route for the path (404 if none, 400 for a path that tries to escape it).
                .then("route", new RouteMatching(routes))
                // Bonus A: no valid API key, 401.
                .thenIf(config.auth().enabled(), "auth", apiKeys)
                // Step 2: over the client's limit, 429 with Retry-After.
                .thenIf(config.rateLimit().enabled(), "rate-limit", rateLimit)
                // Step 3: a fresh cached answer is sent from here (X-Cache: HIT); otherwise a copy is kept.
                .thenIf(config.cache().enabled(), "cache", cache)
                // Each route may hold only part of the request threads while its upstream is slow (503 beyond).
                .then("bulkhead", new BulkheadStep(routes, config.server().maxThreads() / 2))
                // Step 1: forward to an upstream and stream the answer back. Bonus C: the circuit breakers
                // choose which upstream may be called (503 while every circuit of the route is open).
                .then("proxy", new ProxyStep(routes, http, config.breaker().enabled() ? breakers
                        : UpstreamPicker.roundRobin(), clock, config.server().maxRequestBodyBytes(), strippedHeaders()))
                .build();
        for (HandlerType method : FORWARDED_METHODS) {
            javalin.routes.addHttpHandler(method, "/*", httpPipeline);
        }
        for (HandlerType refused : List.of(HandlerType.TRACE, HandlerType.CONNECT)) {
            javalin.routes.addHttpHandler(refused, "/*", ctx -> {
                throw new MethodNotAllowedResponse(refused + " is not forwarded by this gateway");
            });
        }

        // Step 4: a WebSocket upgrade meets the same checks, then the relay connects to the upstream before the
        // client's upgrade is accepted; after that messages flow both ways.
        upgradePipeline = Pipeline.builder()
                .then("request-id", (ctx, next) -> {
                    RequestId.assign(ctx);
                    next.proceed();
                })
                // A handshake that RFC 6455 does not allow is refused before anything else is done for it.
                .then("handshake", new HandshakeCheck())
                // CORS for WebSockets: browsers let any page open one, so an upgrade from an origin not listed is 403.
                .thenIf(!config.cors().allowedOrigins().isEmpty(), "origin", new UpgradeOrigins(config.cors()))
                .then("route", new RouteMatching(routes))
                .thenIf(config.auth().enabled(), "auth", apiKeys)
                .thenIf(config.rateLimit().enabled(), "rate-limit", rateLimit)
                .then("websocket", webSockets.connect())
                .build();
        if (config.websocket().enabled()) {
            javalin.routes.wsBeforeUpgrade("/*", upgradePipeline);
            javalin.routes.ws("/*", webSockets::handlers);
        }
    }

    /** Request headers that never leave the gateway: the API key's. */
    private Set<String> strippedHeaders() {
        return config.auth().enabled() ? Set.of(config.auth().header().toLowerCase(Locale.ROOT)) : Set.of();
    }

    private Map<String, String> breakerStates() {
        var states = new TreeMap<String, String>();
        if (config.breaker().enabled()) {
            breakers.states().forEach((upstream, state) -> states.put(upstream, state.name()));
        }
        return states;
    }

    private GatewayStats.Readings readings() {
        boolean cacheOn = config.cache().enabled();
        return new GatewayStats.Readings(cacheOn ? cache.hits() : 0, cacheOn ? cache.misses() : 0,
                cacheOn ? cache.entries() : 0, cacheOn ? cache.bytes() : 0, rateLimit.trackedClients(),
                webSockets.activeSessions(), webSockets.bytesInFlight(), breakerStates(),
                sharedStore != null ? sharedStore.health() : StoreHealth.memory());
    }

    private StoreHealth checkStore() {
        if (sharedStore == null) {
            return StoreHealth.memory();
        }
        sharedStore.probe();
        return sharedStore.health();
    }

    /** The step names of the HTTP pipeline, in order (a test pins them). */
    public List<String> pipelineSteps() {
        return httpPipeline.stepNames();
    }

    /** The step names of the WebSocket upgrade pipeline, in order. */
    public List<String> upgradeSteps() {
        return upgradePipeline.stepNames();
    }

    /** The port the gateway listens on. */
    public int port() {
        return javalin.port();
    }

    @Override
    public int getAsInt() {
        return port();
    }

    /** The route table in use. */
    public RouteTable routes() {
        return routes;
    }

    /** Requests being answered right now. */
    public int inFlightRequests() {
        return inFlight.count();
    }

    /**
     * Stops gracefully: relayed WebSockets are closed with 1001 (going away) and "gateway shutting down", no new
     * connections are accepted, requests in flight may finish for up to {@code grace}, then the server stops.
     *
     * @return whether every request in flight finished within the grace period
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        // WebSockets first: a connector's shutdown cuts every connection idle for over a second, and a relayed
        // WebSocket would hear Jetty's "Connection Idle Timeout" instead of why it is closed.
        webSockets.closeAll(SHUTTING_DOWN);
        for (Connector connector : javalin.jettyServer().server().getConnectors()) {
            if (connector instanceof AbstractConnector acceptor) {
                acceptor.shutdown();
            }
        }
        boolean finished = inFlight.awaitIdle(grace);
        webSockets.closeAll(SHUTTING_DOWN); // any opened meanwhile
        close();
        return finished;
    }

    /** Stops at once (a second call does nothing). */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            javalin.stop();
            if (sharedStore != null) {
                sharedStore.close();
            }
        }
    }
}
