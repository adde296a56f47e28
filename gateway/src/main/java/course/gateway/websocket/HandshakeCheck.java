package course.gateway.websocket;

import course.gateway.pipeline.Step;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Base64;

/**
 * Refuses (400) a WebSocket upgrade that RFC 6455 section 4.2.1 does not allow: no {@code Sec-WebSocket-Key}
 * that decodes to 16 bytes, or a {@code Sec-WebSocket-Version} other than 13 (the answer then names the one
 * version spoken, as the RFC asks). It runs before the relay connects upstream: left to Jetty, such a handshake
 * failed only after the upstream socket was open, which then leaked, and the client got a 500, a 405 or an HTML
 * page instead of the gateway's JSON error.
 */
public final class HandshakeCheck implements Step {
    static final String VERSION = "13";

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        String version = ctx.header("Sec-WebSocket-Version");
        if (!VERSION.equals(version)) {
            ctx.header("Sec-WebSocket-Version", VERSION);
            throw new BadRequestResponse("WebSocket version " + (version == null ? "missing" : "'" + version + "'")
                    + "; this gateway speaks version " + VERSION);
        }
        if (!isValidKey(ctx.header("Sec-WebSocket-Key"))) {
            throw new BadRequestResponse("Sec-WebSocket-Key must be 16 random bytes in base64");
        }
        // A 101 has no body, so no Content-Type: without this it would carry Javalin's default, text/plain.
        ctx.res().setContentType(null);
        next.proceed();
    }

    private static boolean isValidKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
