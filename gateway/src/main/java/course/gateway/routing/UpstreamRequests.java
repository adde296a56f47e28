package course.gateway.routing;

import course.gateway.observability.RequestId;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
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
final class UpstreamRequests {
    static final String VIA = "1.1 api-gateway";

    /** Headers the gateway sets itself (or OkHttp sets from the body), so the client's copies are not sent on. */
    private static final Set<String> REPLACED = Set.of("host", "content-length", "expect", "via",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-request-id", "accept-encoding");

    private UpstreamRequests() {}

    static Request build(Context ctx, Route route, HttpUrl upstream) throws IOException {
        HttpServletRequest client = ctx.req();
        String method = client.getMethod();
        HttpUrl url = upstream.newBuilder()
                .encodedPath(route.upstreamPath(upstream, client.getRequestURI()))
                .encodedQuery(client.getQueryString())
                .build();
        return new Request.Builder()
                .url(url)
                .headers(headers(ctx))
                .method(method, body(client, method))
                .build();
    }

    private static Headers headers(Context ctx) {
        HttpServletRequest client = ctx.req();
        var hopByHop = new HopByHopHeaders(Collections.list(client.getHeaders("Connection")));
        var headers = new Headers.Builder();
        for (String name : Collections.list(client.getHeaderNames())) {
            if (hopByHop.isHopByHop(name) || REPLACED.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : Collections.list(client.getHeaders(name))) {
                headers.addUnsafeNonAscii(name, value);
            }
        }
        String forwardedFor = client.getHeader("X-Forwarded-For");
        String peer = client.getRemoteAddr();
        headers.set("X-Forwarded-For", forwardedFor == null ? peer : forwardedFor + ", " + peer);
        headers.set("X-Forwarded-Proto", ctx.scheme());
        if (client.getHeader("Host") != null) {
            headers.set("X-Forwarded-Host", client.getHeader("Host"));
        }
        headers.set("Via", appendVia(client.getHeader("Via")));
        headers.set(RequestId.HEADER, RequestId.of(ctx));
        // Without an explicit Accept-Encoding OkHttp would ask for gzip and unzip the answer itself, and the
        // client would not get the bytes the upstream sent. "identity" asks for exactly what the client asked for.
        String acceptEncoding = client.getHeader("Accept-Encoding");
        headers.set("Accept-Encoding", acceptEncoding == null ? "identity" : acceptEncoding);
        return headers.build();
    }

    static String appendVia(String existing) {
        return existing == null || existing.isBlank() ? VIA : existing + ", " + VIA;
    }

    private static RequestBody body(HttpServletRequest client, String method) throws IOException {
        long length = client.getContentLengthLong();
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
            return new StreamingRequestBody(client.getInputStream(), length);
        }
        boolean requiresBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return requiresBody ? RequestBody.create(new byte[0]) : null;
    }
}
