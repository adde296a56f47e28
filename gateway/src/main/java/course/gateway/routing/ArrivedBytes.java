package course.gateway.routing;

import java.io.IOException;
import java.net.Socket;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;

/**
 * Whether more of an upstream's answer has already arrived on its connection, so that the response relay can gather
 * it into one larger write to the client instead of writing and flushing every piece it reads. OkHttp keeps its
 * connections to itself: a network interceptor, which runs with the connection in hand, notes the connection's socket
 * on the request's tag, and the relay asks that socket how many bytes the kernel holds for it (no read, no wait).
 * Only HTTP/1 connections are noted: one HTTP/2 connection carries many answers, and its bytes may be another's.
 * When nothing is noted, {@link #count()} says none, and the relay writes each piece as it comes.
 */
final class ArrivedBytes {
    private volatile Socket socket;

    /** For {@code addNetworkInterceptor}: notes the connection of a request that carries an {@code ArrivedBytes}. */
    static Interceptor noteConnection() {
        return chain -> {
            ArrivedBytes arrived = chain.request().tag(ArrivedBytes.class);
            Connection connection = chain.connection();
            if (arrived != null && connection != null && connection.protocol() != Protocol.HTTP_2) {
                arrived.socket = connection.socket();
            }
            return chain.proceed(chain.request());
        };
    }

    /** Bytes that have arrived from the upstream and that nobody has read yet; 0 when none, or unknown. */
    long count() {
        Socket noted = socket;
        try {
            return noted == null ? 0 : noted.getInputStream().available();
        } catch (IOException closed) {
            return 0;
        }
    }
}
