package course.gateway.routing;

import course.gateway.routes.Route;
import io.javalin.http.Context;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds the request the gateway sends upstream from the one the client sent: same method, path (prefix
 * stripped), raw query, end-to-end headers and streamed body, plus the headers a proxy adds:
 * X-Forwarded-For/Proto/Host, Via and X-Request-ID.
 */
public final class UpstreamRequests {
    private UpstreamRequests() {}

    /**
     * The request to send to {@code upstream}, one of the route's base URLs, for the client's request.
     *
     * @param body     from {@link RequestBodies#of} (null for none), made once per request
     * @param stripped lower-case names of headers that must not leave the gateway (the API key's, say)
     */
    static Request build(Context ctx, Route route, HttpUrl upstream, RequestBody body, Set<String> stripped) {
        // TODO(step 1): the URL keeps the upstream's scheme, host and port; its path is the route's upstream path
        //   for the client's raw path, and its query is the client's raw query, byte for byte (never decoded and
        //   encoded again: a%20b stays a%20b). Same method, the given body, the forwarded headers. (Optional: a
        //   relay that asks ArrivedBytes needs the request to carry one; see the guide's "When to flush".)
        //   Guide: exercises/steps/1-routing.md, "Building the upstream request".
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet:"
                + " UpstreamRequests.build. See exercises/steps/1-routing.md");
    }

    /**
     * The headers to send upstream: the client's end-to-end headers, less {@code stripped}, plus the proxy's own.
     * The WebSocket relay (Step 4) uses them for its upgrade request too.
     */
    public static Headers forwardedHeaders(Context ctx, Set<String> stripped) {
        // TODO(step 1): every value of every client header, except the hop-by-hop ones (HopByHopHeaders), the
        //   names in stripped, and the ones this gateway or OkHttp sets itself. Then the proxy's own headers:
        //   X-Forwarded-For (the client's chain, if it sent one, plus the address the gateway saw),
        //   X-Forwarded-Proto, X-Forwarded-Host (none when the request has no Host), Via (the client's, with
        //   "1.1 api-gateway" appended) and X-Request-ID (this request's id). A chain or Via sent on several
        //   lines is one list, in order: the gateway's entry goes at its end. Watch Accept-Encoding and header
        //   bytes outside ASCII: the guide's "Header hygiene" says why.
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet:"
                + " UpstreamRequests.forwardedHeaders. See exercises/steps/1-routing.md");
    }
}
