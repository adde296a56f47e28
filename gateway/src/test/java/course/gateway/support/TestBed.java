package course.gateway.support;

import course.gateway.GatewayApp;
import course.gateway.config.ConfigLoader;
import course.gateway.routing.UpstreamClient;
import course.servicea.ServiceA;
import course.serviceb.ServiceB;
import course.testkit.CourseConfig;
import course.testkit.Fixture;
import course.testkit.MutableClock;
import course.testkit.TestHttp;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Service A, Service B and a reference gateway in front of them, all on free ports of 127.0.0.1. The gateway's
 * config is written as JSON, exactly as a student would write config.json; {@code ${A}} and {@code ${B}} stand for
 * the services' URLs. Starting, the shared clock and closing in order are the {@link Fixture}'s.
 */
public final class TestBed implements AutoCloseable {
    private final Fixture fixture = new Fixture();
    public final ServiceA serviceA = fixture.upstream("A", () -> ServiceA.start("127.0.0.1", 0, "service-a"),
            ServiceA::port, ServiceA::stop);
    public final ServiceB serviceB = fixture.upstream("B", () -> ServiceB.start("127.0.0.1", 0),
            ServiceB::port, ServiceB::stop);
    public final MutableClock clock = fixture.clock;
    public final OkHttpClient client = TestHttp.client();
    private GatewayApp gateway;

    /**
     * The two routes of config.json with Step 1 alone: no rate limit or cache, which would change what the
     * routing tests see. Each step's tests switch their step on.
     */
    public static final String DEFAULT_CONFIG = CourseConfig.twoRoutes(
            "\"rateLimit\": {\"enabled\": false}, \"cache\": {\"enabled\": false},", 2000, "");

    public TestBed() {
        this(DEFAULT_CONFIG);
    }

    public TestBed(String configJson) {
        startGateway(configJson);
    }

    /** Replaces the gateway with one started from {@code configJson}. */
    public void startGateway(String configJson) {
        if (gateway != null) {
            gateway.close();
        }
        gateway = fixture.start(() -> startReplica(configJson));
    }

    /**
     * Starts another gateway in front of the same services with the same clock, as a second replica behind a
     * load balancer would be; the caller closes it.
     */
    public GatewayApp startReplica(String configJson) {
        return GatewayApp.start(ConfigLoader.parse(fixture.fill(configJson), "test config", Map.of()), clock,
                UpstreamClient.create());
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

    /** One number from {@code /gateway/stats}, such as {@code "activeWebSockets"}. */
    public long stat(String name) throws IOException {
        try (Response response = get("/gateway/stats")) {
            String body = response.body().string();
            return Long.parseLong(body.replaceAll(".*\"" + name + "\":(\\d+).*", "$1"));
        }
    }

    /** Closes the gateway, then the services. */
    @Override
    public void close() {
        fixture.close();
    }
}
