package course.gateway;

import course.gateway.config.GatewayConfig;
import course.gateway.errors.ErrorResponses;
import course.gateway.errors.JettyErrors;
import course.gateway.observability.HealthEndpoints;
import course.gateway.observability.RequestId;
import course.gateway.routing.ProxyHandler;
import course.gateway.routing.RouteTable;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The composition root: builds the gateway from its configuration, a clock and an HTTP client, and registers
 * the request pipeline in {@link #registerPipeline}. Starting on port 0 picks a free port ({@link #port()}).
 */
public final class GatewayApp implements AutoCloseable {
    /** The methods the gateway forwards. TRACE and CONNECT are refused: a gateway has no use for them. */
    static final List<HandlerType> FORWARDED_METHODS = List.of(HandlerType.GET, HandlerType.HEAD,
            HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);

    private final GatewayConfig config;
    private final RouteTable routes;
    private final HealthEndpoints health;
    private final ProxyHandler proxy;
    private final Javalin javalin;

    private GatewayApp(GatewayConfig config, Clock clock, OkHttpClient http) {
        this.config = config;
        this.routes = new RouteTable(config.routes());
        this.health = new HealthEndpoints(routes, http, clock,
                Duration.ofMillis(config.server().healthTimeoutMs()));
        this.proxy = new ProxyHandler(routes, http);
        this.javalin = Javalin.create(this::configure);
    }

    /** Builds the gateway and starts listening on the configured host and port. */
    public static GatewayApp start(GatewayConfig config, Clock clock, OkHttpClient http) {
        var gateway = new GatewayApp(config, clock, http);
        gateway.javalin.start(config.server().host(), config.server().port());
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
        javalin.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
        javalin.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        javalin.routes.exception(HttpResponseException.class, ErrorResponses::rejected);
        javalin.routes.exception(Exception.class, ErrorResponses::unexpected);
        registerPipeline(javalin);
    }

    /** The request pipeline, in the order a request meets it. */
    private void registerPipeline(JavalinConfig javalin) {
        // Every request, rejected ones included, gets an X-Request-ID first, so errors and logs can name it.
        javalin.routes.before(RequestId::assign);

        // The gateway's own endpoints answer before any route is looked up.
        javalin.routes.get("/health", health::alive);
        javalin.routes.get("/gateway/health", health::aggregate);
        javalin.routes.get("/gateway/routes", ctx -> ctx.json(routes.describe()));

        // Step 1, routing: everything else is forwarded to the route's upstream and streamed back.
        for (HandlerType method : FORWARDED_METHODS) {
            javalin.routes.addHttpHandler(method, "/*", proxy);
        }
        for (HandlerType refused : List.of(HandlerType.TRACE, HandlerType.CONNECT)) {
            javalin.routes.addHttpHandler(refused, "/*", ctx -> {
                throw new MethodNotAllowedResponse(refused + " is not forwarded by this gateway");
            });
        }
    }

    /** The port the gateway listens on. */
    public int port() {
        return javalin.port();
    }

    /** The route table in use. */
    public RouteTable routes() {
        return routes;
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
