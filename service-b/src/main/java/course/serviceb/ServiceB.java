package course.serviceb;

import io.javalin.Javalin;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Service B: a WebSocket echo at {@code /ws} and {@code GET /health}. Text comes back as text, binary as
 * binary, each message up to {@link #MAX_MESSAGE_BYTES}; a larger one closes the socket with 1009 (too big).
 * When the client closes, the close code and reason it sent are echoed in the answering Close frame.
 */
public final class ServiceB {
    /** The largest message echoed: 16 MiB, for text and binary alike. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final Javalin app;
    private final AtomicInteger openSessions;

    private ServiceB(Javalin app, AtomicInteger openSessions) {
        this.app = app;
        this.openSessions = openSessions;
    }

    /** Starts the service on host:port (0 picks a free port). */
    public static ServiceB start(String host, int port) {
        var openSessions = new AtomicInteger();
        var app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
                factory.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
                factory.setIdleTimeout(Duration.ofMinutes(10));
            });
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok", "service", "service-b",
                    "openSessions", openSessions.get())));
            config.routes.ws("/ws", ws -> {
                ws.onConnect(ctx -> openSessions.incrementAndGet());
                ws.onMessage(ctx -> ctx.send(ctx.message()));
                // A copy goes out: the send is still under way when this handler returns, and Jetty may then reuse
                // the buffer it handed in for the next frame. Sent as it was, a client sending quickly got frames
                // whose bytes no longer matched their headers, and failed the connection (1002).
                ws.onBinaryMessage(ctx -> ctx.send(copyOf(ctx.data())));
                // Jetty answers a client's Close frame with the same code and reason before this runs.
                ws.onClose(ctx -> openSessions.decrementAndGet());
            });
        });
        app.start(host, port);
        return new ServiceB(app, openSessions);
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        return ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    }

    /** The port the service listens on (useful after starting on port 0). */
    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
