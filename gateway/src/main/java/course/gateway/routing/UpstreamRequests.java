package course.gateway.routing;

import course.gateway.pipeline.RequestId;
import course.gateway.routes.Route;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
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
     * @param body     from {@link RequestBodies#of}, made once per request so that a retry can reuse it
     * @param stripped lower-case names of headers that must not leave the gateway (the API key's, say)
     */
    static Request build(Context ctx, Route route, HttpUrl upstream, RequestBody body, Set<String> stripped) {
        HttpServletRequest client = ctx.req();
        HttpUrl url = upstream.newBuilder()
                .encodedPath(route.upstreamPath(upstream, client.getRequestURI()))
                .encodedQuery(client.getQueryString())
                .build();
        return new Request.Builder()
                .url(url)
                .headers(forwardedHeaders(ctx, stripped))
                .method(client.getMethod(), body)
                .tag(ArrivedBytes.class, new ArrivedBytes()) // for the response relay: see ArrivedBytes
                .build();
    }

    /**
     * The headers to send upstream: the client's end-to-end headers, less {@code stripped}, plus the proxy's own.
     * The WebSocket relay uses them for its upgrade request too.
     */
    public static Headers forwardedHeaders(Context ctx, Set<String> stripped) {
        HttpServletRequest client = ctx.req();
        var hopByHop = new HopByHopHeaders(Collections.list(client.getHeaders("Connection")));
        var headers = new Headers.Builder();
        for (String name : Collections.list(client.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (hopByHop.isHopByHop(name) || REPLACED.contains(lower) || stripped.contains(lower)) {
                continue;
            }
            for (String value : Collections.list(client.getHeaders(name))) {
                headers.addUnsafeNonAscii(name, Utf8Bytes.requestHeader(value));
            }
        }
        // A list sent on several lines is one list, in order (RFC 9110 section 5.3): this hop goes at its end.
        headers.set("X-Forwarded-For",
                append(Collections.list(client.getHeaders("X-Forwarded-For")), client.getRemoteAddr()));
        headers.set("X-Forwarded-Proto", ctx.scheme());
        if (client.getHeader("Host") != null) { // none from an HTTP/1.0 client that sent none: nothing to forward
            headers.set("X-Forwarded-Host", client.getHeader("Host"));
        }
        headers.set("Via", append(Collections.list(client.getHeaders("Via")), VIA));
        headers.set(RequestId.HEADER, RequestId.of(ctx));
        // Without an explicit Accept-Encoding OkHttp would ask for gzip and unzip the answer itself, and the
        // client would not get the bytes the upstream sent. "identity" asks for exactly what the client asked for.
        String acceptEncoding = client.getHeader("Accept-Encoding");
        headers.set("Accept-Encoding", acceptEncoding == null ? "identity" : acceptEncoding);
        return headers.build();
    }

    /** {@code last} appended to every non-blank value of a list header, in order, as one comma-separated list. */
    static String append(List<String> values, String last) {
        var list = new StringJoiner(", ");
        for (String value : values) {
            if (!value.isBlank()) {
                list.add(value);
            }
        }
        return list.add(last).toString();
    }
}
