package course.servicea;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Endpoints that misbehave on request, for the timeout, circuit-breaker and streaming steps. */
final class TestHelpers {
    static final long MAX_SLOW_MS = 120_000;
    static final long MAX_BYTES = 8L * 1024 * 1024 * 1024;

    private TestHelpers() {}

    /** {@code GET /slow?ms=N}: waits N milliseconds (at most two minutes), then answers. */
    static void slow(Context ctx) {
        long ms = number(ctx.queryParam("ms"), "ms", 0, MAX_SLOW_MS, 1000);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt(); // the service is shutting down
            ctx.status(503).json(Map.of("status", 503, "message", "service-a is stopping"));
            return;
        }
        ctx.json(Map.of("sleptMs", ms));
    }

    /** {@code GET /status/{code}}: answers with that status (200 to 599) and a small JSON body. */
    static void status(Context ctx) {
        int code = (int) number(ctx.pathParam("code"), "code", 200, 599, 200);
        ctx.status(code);
        if (code != 204 && code != 304) {
            ctx.json(Map.of("status", code));
        }
    }

    /**
     * {@code GET /bytes/{n}?seed=S}: streams n pseudo-random bytes (at most 8 GiB) with a Content-Length.
     * The same n and seed always give the same bytes, so a test can check a download by its digest.
     */
    static void bytes(Context ctx) throws IOException {
        long size = number(ctx.pathParam("n"), "n", 0, MAX_BYTES, 0);
        long seed = number(ctx.queryParam("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE, SeededBytes.DEFAULT_SEED);
        var response = ctx.res();
        response.setStatus(200);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(size);
        try (InputStream body = SeededBytes.stream(seed, size)) {
            OutputStream out = response.getOutputStream();
            body.transferTo(out);
        }
    }

    private static long number(String text, String name, long min, long max, long fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max
                + ", got '" + text + "'");
    }
}
