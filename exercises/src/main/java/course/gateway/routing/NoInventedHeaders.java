package course.gateway.routing;

import okhttp3.Interceptor;
import okhttp3.Request;

/**
 * Keeps OkHttp from adding request headers the client never sent: {@code User-Agent: okhttp/...} when the client sent
 * none (a proxy passes the client's, and invents none), and {@code Connection: Keep-Alive}, which HTTP/1.1 assumes.
 * Every byte the gateway adds to a request head counts against the upstream's limit on it: a head just under that
 * limit, sent directly, would otherwise fail only through the gateway. Two interceptors: the first sees the request
 * as the gateway built it, the second the one OkHttp is about to send.
 */
public final class NoInventedHeaders {
    private enum NoUserAgent { SENT }

    private NoInventedHeaders() {}

    /** For {@code addInterceptor}: notes a request that carries no User-Agent. */
    public static Interceptor noteMissingUserAgent() {
        return chain -> {
            Request request = chain.request();
            return chain.proceed(request.header("User-Agent") != null ? request
                    : request.newBuilder().tag(NoUserAgent.class, NoUserAgent.SENT).build());
        };
    }

    /** For {@code addNetworkInterceptor}: drops what OkHttp added to such a request, and Keep-Alive. */
    public static Interceptor dropInvented() {
        return chain -> {
            Request request = chain.request();
            var trimmed = request.newBuilder();
            if (request.tag(NoUserAgent.class) != null) {
                trimmed.removeHeader("User-Agent");
            }
            if ("Keep-Alive".equalsIgnoreCase(request.header("Connection"))) {
                trimmed.removeHeader("Connection");
            }
            return chain.proceed(trimmed.build());
        };
    }
}
