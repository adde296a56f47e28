package course.gateway.support;

import course.gateway.GatewayApp;
import course.testkit.MutableClock;
import course.gateway.config.ConfigLoader;
import course.gateway.routing.UpstreamClient;
import course.servicea.ServiceA;
import course.serviceb.ServiceB;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Service A, Service B and a gateway in front of them, all on free ports of 127.0.0.1. The gateway's config is
 * written as JSON, exactly as a student would write config.json; {@code ${A}} and {@code ${B}} stand for the
 * services' URLs.
 */
public final class TestBed implements AutoCloseable {
    public final ServiceA serviceA = ServiceA.start("127.0.0.1", 0, "service-a");
    public final ServiceB serviceB = ServiceB.start("127.0.0.1", 0);
    public final MutableClock clock = new MutableClock();
    public final OkHttpClient client = new OkHttpClient.Builder().followRedirects(false).build();
    private GatewayApp gateway;

    /**
     * The two routes of config.json with Step 1 alone: no rate limit or cache, which would change what the
     * routing tests see. Each step's tests switch their step on.
     */
    public static final String DEFAULT_CONFIG = """
            {"server": {"port": 0},
             "rateLimit": {"enabled": false}, "cache": {"enabled": false},
             "routes": [
               {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": 2000},
               {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"], "timeoutMs": 2000}]}
            """;

    public TestBed() {
        this(DEFAULT_CONFIG);
    }

    public TestBed(String configJson) {
        startGateway(configJson);
    }

    public void startGateway(String configJson) {
        if (gateway != null) {
            gateway.close();
        }
        gateway = startReplica(configJson);
    }

    /**
     * Starts another gateway in front of the same services with the same clock, as a second replica behind a
     * load balancer would be; the caller closes it.
     */
    public GatewayApp startReplica(String configJson) {
        var env = Map.of("A", "http://127.0.0.1:" + serviceA.port(), "B", "http://127.0.0.1:" + serviceB.port());
        return GatewayApp.start(ConfigLoader.parse(configJson, "test config", env), clock, UpstreamClient.create());
    }

    public GatewayApp gateway() {
        return gateway;
    }

    public int port() {
        return gateway.port();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public Response get(String path) throws IOException {
        return client.newCall(new Request.Builder().url(url(path)).build()).execute();
    }

    @Override
    public void close() {
        gateway.close();
        serviceA.stop();
        serviceB.stop();
    }
}
