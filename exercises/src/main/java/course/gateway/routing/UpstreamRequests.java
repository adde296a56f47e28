package course.gateway.routing;

import course.gateway.pipeline.RequestId;
import course.gateway.routes.Route;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.NotImplementedResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
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
    static final String VIA = "1.1 api-gateway";

    /** Headers the gateway sets itself (or OkHttp sets from the body), so the client's copies are not sent on. */
    private static final Set<String> REPLACED = Set.of("host", "content-length", "expect", "via",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-request-id", "accept-encoding");

    private UpstreamRequests() {}

    /**
     * @param body     from {@link #body}, made once per request so that a retry can reuse it
     * @param stripped lower-case names of headers that must not leave the gateway (the API key's, say)
     */
    static Request build(Context ctx, Route route, HttpUrl upstream, RequestBody body, Set<String> stripped) {
        // TODO(step 1): the upstream URL keeps the upstream's scheme, host and port, takes the path from
        // route.upstreamPath(upstream, ctx.req().getRequestURI()) and the raw query from ctx.req().getQueryString();
        // the headers come from forwardedHeaders(ctx, stripped); the method and body stay as they are.
        return new Request.Builder().url(upstream).method(ctx.req().getMethod(), body).build();
    }

    /**
     * The headers to send upstream: the client's end-to-end headers, less {@code stripped}, plus the proxy's own.
     * The WebSocket relay uses them for its upgrade request too.
     */
    public static Headers forwardedHeaders(Context ctx, Set<String> stripped) {
        // TODO(step 1): copy the client's headers (all values of each) except hop-by-hop ones (new HopByHopHeaders(
        // the client's Connection values)), the ones in REPLACED and the ones in stripped (compare in lower case). Use
        // Headers.Builder.addUnsafeNonAscii: add() throws on the Latin-1 some clients send. Then set:
        //   X-Forwarded-For   the client's chain (its X-Forwarded-For, if any) + ", " + ctx.req().getRemoteAddr()
        //   X-Forwarded-Proto ctx.scheme();  X-Forwarded-Host: the client's Host header (skip it if there is none)
        //   Via               appendVia(the client's Via);  X-Request-ID: RequestId.of(ctx)
        //   Accept-Encoding   the client's, or "identity" so OkHttp does not unzip answers behind your back
        //                     (REPLACED lists it so the copy loop skips it: it is set here instead)
        return new Headers.Builder().build();
    }

    static String appendVia(String existing) {
        return existing == null || existing.isBlank() ? VIA : existing + ", " + VIA;
    }

    /**
     * The body to send upstream: the client's, streamed; an empty one where the method needs a body; or none.
     * Refuses (413) a body whose Content-Length is over {@code maxBytes}; a chunked one is cut off while streaming.
     * Refuses (501) a transfer coding other than chunked.
     */
    static RequestBody body(HttpServletRequest client, long maxBytes) throws IOException {
        String transferEncoding = client.getHeader("Transfer-Encoding");
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            // Jetty undoes the chunking but not a coding such as gzip under it, and the upstream would get
            // compressed bytes with nothing to say so. RFC 9112 section 6.1: a coding the server lacks is a 501.
            throw new NotImplementedResponse("Only the chunked transfer coding is supported");
        }
        String method = client.getMethod();
        long length = client.getContentLengthLong();
        if (length > maxBytes) {
            throw new ContentTooLargeResponse("The request body is " + length + " bytes; the limit is " + maxBytes);
        }
        boolean hasBody = length > 0 || client.getHeader("Transfer-Encoding") != null;
        boolean mayHaveBody = !method.equals("GET") && !method.equals("HEAD");
        if (!mayHaveBody) {
            if (hasBody) {
                // Dropping it silently would lose data; OkHttp (like many servers) cannot send it.
                throw new BadRequestResponse(method + " requests with a body are not forwarded");
            }
            return null;
        }
        if (hasBody) {
            return new StreamingRequestBody(client.getInputStream(), length, maxBytes);
        }
        boolean requiresBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return requiresBody ? RequestBody.create(new byte[0]) : null;
    }
}
