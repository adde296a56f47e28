package course.servicea;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Clock;

/**
 * Service A: a small JSON API (items, users, health) plus the helpers the course uses to show what the
 * gateway does (echo, inspect, slow, status, bytes). Every response carries {@code X-Request-Count}, this
 * process's request counter, and {@code X-Served-By}, the instance name, so a student can see whether a
 * request reached the service and which instance answered.
 */
public final class ServiceA {
    public static final String COUNTER_HEADER = "X-Request-Count";
    public static final String SERVED_BY_HEADER = "X-Served-By";
    /**
     * The largest request head (request line and headers) accepted: the gateway's default limit (16 KiB) plus room
     * for the headers it adds on the way, so that every request the gateway lets through reaches the service.
     */
    public static final int MAX_REQUEST_HEAD_BYTES = 20 * 1024;

    private final Javalin app;
    private final RequestCounter counter;

    private ServiceA(Javalin app, RequestCounter counter) {
        this.app = app;
        this.counter = counter;
    }

    /** Starts the service on host:port (0 picks a free port). */
    public static ServiceA start(String host, int port, String name) {
        return start(host, port, name, Clock.systemUTC());
    }

    /** Starts the service with the clock that stamps {@code generatedAt} on items. */
    public static ServiceA start(String host, int port, String name, Clock clock) {
        var counter = new RequestCounter();
        var catalog = new Catalog(name, clock);
        var app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES));
            // Bodies must leave exactly as they were written, so no transparent compression.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.routes.before(ctx -> {
                ctx.header(COUNTER_HEADER, String.valueOf(counter.increment()));
                ctx.header(SERVED_BY_HEADER, name);
            });
            // Each read-only endpoint answers HEAD too, with the headers its GET would send.
            getAndHead(config, "/health", ctx -> ctx.json(new Health("ok", name)));
            getAndHead(config, "/users", ctx -> ctx.json(catalog.users()));
            getAndHead(config, "/items/{id}", catalog::item);
            getAndHead(config, "/echo", Echo::describeRequest);
            getAndHead(config, "/headers", Echo::describeRequest);
            config.routes.post("/echo", Echo::echoBody);
            config.routes.put("/echo", Echo::echoBody);
            config.routes.patch("/echo", Echo::echoBody);
            for (HandlerType method : new HandlerType[] {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
                    HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS, HandlerType.HEAD}) {
                config.routes.addHttpHandler(method, "/inspect", Echo::inspect);
                config.routes.addHttpHandler(method, "/inspect/<rest>", Echo::inspect);
            }

            getAndHead(config, "/slow", TestHelpers::slow);
            getAndHead(config, "/status/{code}", TestHelpers::status);
            getAndHead(config, "/bytes/{n}", TestHelpers::bytes);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    ctx.status(400).json(new Problem(400, e.getMessage())));
        });
        app.start(host, port);
        return new ServiceA(app, counter);
    }

    private static void getAndHead(JavalinConfig config, String path, Handler handler) {
        config.routes.get(path, handler);
        config.routes.head(path, handler);
    }

    /** The port the service listens on (useful after starting on port 0). */
    public int port() {
        return app.port();
    }

    /** How many requests this process has answered so far. */
    public long requestCount() {
        return counter.current();
    }

    public void stop() {
        app.stop();
    }

    record Health(String status, String service) {}

    record Problem(int status, String message) {}
}
