package course.gateway.routing;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.List;

/**
 * Which HTTP methods the gateway forwards: GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS, on every path.
 * TRACE and CONNECT are refused with 405: a gateway has no use for them, and TRACE would echo back headers
 * (cookies, keys) that a script should never read.
 */
public final class ForwardedMethods {
    static final List<HandlerType> FORWARDED = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST,
            HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);

    private ForwardedMethods() {}

    /** Sends every forwarded method, on every path, to {@code pipeline}. */
    public static void register(JavalinConfig javalin, Handler pipeline) {
        for (HandlerType method : FORWARDED) {
            javalin.routes.addHttpHandler(method, "/*", pipeline);
        }
        for (HandlerType refused : List.of(HandlerType.TRACE, HandlerType.CONNECT)) {
            javalin.routes.addHttpHandler(refused, "/*", ctx -> {
                throw new MethodNotAllowedResponse(refused + " is not forwarded by this gateway");
            });
        }
    }
}
