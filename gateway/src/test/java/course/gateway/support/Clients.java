package course.gateway.support;

import course.testkit.BoundSocketFactory;
import okhttp3.OkHttpClient;

/** HTTP clients for tests. */
public final class Clients {
    private Clients() {}

    /**
     * A client whose connections come from another loopback address (127.0.0.2, 127.0.0.3, ...), so the gateway
     * sees a genuinely different peer: a second client, over real sockets, on one machine.
     */
    public static OkHttpClient from(String localAddress) {
        return new OkHttpClient.Builder().followRedirects(false)
                .socketFactory(new BoundSocketFactory(localAddress)).build();
    }
}
