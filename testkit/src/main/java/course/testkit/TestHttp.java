package course.testkit;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * OkHttp clients for tests. They follow no redirect, so a test sees exactly what the gateway answered, and a call
 * that has not finished within {@link #CALL_TIMEOUT} fails, so a stuck server fails its test instead of hanging
 * the build.
 */
public final class TestHttp {
    /** The longest any one call may take, body included. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private TestHttp() {}

    /** The settings above, to add to (e.g. a shorter call timeout). */
    public static OkHttpClient.Builder builder() {
        return new OkHttpClient.Builder().followRedirects(false).callTimeout(CALL_TIMEOUT);
    }

    public static OkHttpClient client() {
        return builder().build();
    }

    /**
     * A client whose connections come from another loopback address (127.0.0.2, 127.0.0.3, ...), so the gateway
     * sees a genuinely different peer: a second client, over real sockets, on one machine.
     */
    public static OkHttpClient clientFrom(String localAddress) {
        return builder().socketFactory(new BoundSocketFactory(localAddress)).build();
    }
}
