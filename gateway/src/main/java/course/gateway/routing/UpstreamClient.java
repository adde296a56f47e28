package course.gateway.routing;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Makes the gateway's one OkHttpClient, whose connection pool every route shares. */
public final class UpstreamClient {
    private UpstreamClient() {}

    public static OkHttpClient create() {
        // The dispatcher's limits bound asynchronous calls only (the health checks). Forwarding calls execute() on
        // the request thread, so it is the bulkhead (routes[].maxConcurrentRequests) that bounds those.
        var dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(256);
        return new OkHttpClient.Builder()
                // A proxy passes redirects to the client; it never follows them itself.
                .followRedirects(false)
                .followSslRedirects(false)
                // Idle upstream connections are kept for reuse (up to 128; connections in use are not limited). A
                // kept connection that the upstream has meanwhile closed is retried on a fresh one by OkHttp, but
                // never with a streamed (one-shot) body.
                .connectionPool(new ConnectionPool(128, 30, TimeUnit.SECONDS))
                .dispatcher(dispatcher)
                .addInterceptor(NoInventedHeaders.noteMissingUserAgent())
                .addNetworkInterceptor(NoInventedHeaders.dropInvented())
                .addNetworkInterceptor(ArrivedBytes.noteConnection())
                .build();
    }
}
