package course.serviceb;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsCloseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Service B: a WebSocket echo at {@code /ws} and {@code GET /health}. Text comes back as text, binary as
 * binary, each message up to {@link #MAX_MESSAGE_BYTES}; a larger one closes the socket with 1009 (too big).
 * When the client closes, the close code and reason it sent are echoed in the answering Close frame.
 *
 * <p>Two more WebSockets try out backpressure: {@code /ws/stuck} takes the first message and then reads nothing
 * more (an upstream that stops reading: see {@link StuckSessions}), and {@code /ws/flood} sends binary messages
 * back to back for as long as the client takes them ({@code ?bytes=}, default 64K; see {@link Flood}).
 */
public final class ServiceB {
    /** The largest message echoed: 16 MiB, for text and binary alike. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** The size of {@code /ws/flood}'s messages unless {@code ?bytes=} says otherwise. */
    public static final int DEFAULT_FLOOD_BYTES = 64 * 1024;

    private final AtomicInteger openSessions = new AtomicInteger();
    private final AtomicLong floodBytesSent = new AtomicLong();
    private final StuckSessions stuck = new StuckSessions();
    private final Javalin app;

    private ServiceB(String host, int port) {
        app = Javalin.create(this::configure);
        app.start(host, port);
    }

    /** Starts the service on host:port (0 picks a free port). */
    public static ServiceB start(String host, int port) {
        return new ServiceB(host, port);
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
            factory.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
            factory.setIdleTimeout(Duration.ofMinutes(10));
        });
        config.routes.get("/health", ctx -> ctx.json(health()));
        // Every WebSocket's sessions are counted here, before its own handlers run.
        config.routes.wsBefore(ws -> {
            ws.onConnect(ctx -> openSessions.incrementAndGet());
            // Jetty answers a client's Close frame with the same code and reason before this runs.
            ws.onClose(ctx -> openSessions.decrementAndGet());
        });
        config.routes.ws("/ws", ws -> {
            ws.onMessage(ctx -> ctx.send(ctx.message()));
            // A copy goes out: the send is still under way when this handler returns, and Jetty may then reuse the
            // buffer it handed in for the next frame. Sent as it was, a client sending quickly got frames whose bytes
            // no longer matched their headers, and failed the connection (1002).
            ws.onBinaryMessage(ctx -> ctx.send(copyOf(ctx.data())));
        });
        config.routes.ws("/ws/stuck", ws -> {
            ws.onConnect(ctx -> stuck.opened(ctx.sessionId()));
            ws.onMessage(ctx -> stuck.take(ctx.sessionId(), ctx.message().getBytes(StandardCharsets.UTF_8).length));
            ws.onBinaryMessage(ctx -> stuck.take(ctx.sessionId(), ctx.data().remaining()));
            ws.onClose(ctx -> stuck.closed(ctx.sessionId()));
        });
        config.routes.ws("/ws/flood", ws -> {
            ws.onConnect(ctx -> {
                String asked = ctx.queryParam("bytes");
                int messageBytes;
                try {
                    messageBytes = asked == null ? DEFAULT_FLOOD_BYTES : ByteSize.parse(asked, MAX_MESSAGE_BYTES);
                } catch (IllegalArgumentException bad) {
                    ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "bytes must be " + bad.getMessage());
                    return;
                }
                new Flood(ctx.session, messageBytes, floodBytesSent).start();
            });
        });
    }

    private static ByteBuffer copyOf(ByteBuffer data) {
        return ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    }

    private Map<String, Object> health() {
        var health = new LinkedHashMap<String, Object>();
        health.put("status", "ok");
        health.put("service", "service-b");
        health.put("openSessions", openSessions.get());
        health.put("floodBytesSent", floodBytesSent.get());
        health.put("stuckBytesRead", stuck.bytesRead());
        return health;
    }

    /** The port the service listens on (useful after starting on port 0). */
    public int port() {
        return app.port();
    }

    /** Stops the service; {@code /ws/stuck}'s waiting sessions are let go first, so this never hangs on them. */
    public void stop() {
        stuck.releaseAll();
        app.stop();
    }
}
