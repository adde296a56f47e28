package course.grading;

import course.servicea.ServiceA;
import course.serviceb.ServiceB;
import course.testkit.BoundSocketFactory;
import course.testkit.CourseConfig;
import course.testkit.Fixture;
import course.testkit.MutableClock;
import course.testkit.TestHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * What every graded test needs: Service A and Service B on free ports, the gateway under test in front of them
 * with a config written as JSON (as in config.json; {@code ${A}} and {@code ${B}} stand for the services' URLs),
 * a clock the test moves, and an HTTP client whose every exchange becomes a {@link Reply}. A request the gateway
 * does not answer within 5 s fails with a message saying so, so a hanging gateway cannot hang the grader.
 * Starting, the shared clock and closing in order are the {@link Fixture}'s; the gateway is started only through
 * {@link GatewayUnderTest}, so the suite grades any gateway.
 */
final class Course implements AutoCloseable {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final Fixture fixture = new Fixture();
    final ServiceA serviceA = fixture.upstream("A", () -> ServiceA.start("127.0.0.1", 0, "service-a"),
            ServiceA::port, ServiceA::stop);
    final ServiceB serviceB = fixture.upstream("B", () -> ServiceB.start("127.0.0.1", 0),
            ServiceB::port, ServiceB::stop);
    final MutableClock clock = fixture.clock;
    /** The replicas by port as the curl hints name them: the first on 8000, a second (Bonus E) on 8003. */
    private static final int[] SHOWN_PORTS = {8000, 8003};

    private final List<GatewayUnderTest> gateways = new ArrayList<>();
    private final OkHttpClient http;
    /** How to start a gateway with this test's config by hand, for the repro in a failure message. */
    private final String startItYourself;

    Course(String configJson) {
        this(configJson, 1);
    }

    /** Starts {@code replicas} gateways with the same config and clock, as replicas behind a load balancer. */
    Course(String configJson, int replicas) {
        String config = fixture.fill(configJson);
        for (int i = 0; i < replicas; i++) {
            gateways.add(fixture.start(() -> GatewayUnderTest.launch(config, clock)));
        }
        this.http = client(null);
        this.startItYourself = (replicas > 1 ? "./run-all.sh --student --scale-out" : "./run-all.sh --student")
                + " --config " + ReproConfig.write(configJson);
    }

    /** The plain route table of config.json with only the steps named in {@code sections} configured. */
    static String config(String sections, String extraRoutes) {
        return CourseConfig.twoRoutes(sections, 3000, extraRoutes);
    }

    int port() {
        return gateways.get(0).port();
    }

    String wsUrl(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** How many requests reached Service A so far (its own counter). */
    long reachedServiceA() {
        return serviceA.requestCount();
    }

    Reply get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    Reply send(String method, String path, byte[] body, String contentType, String... headers) {
        return exchange(http, 0, method, path, body, contentType, headers);
    }

    /** A GET through replica {@code replica} (0 is the first gateway, 1 the second). */
    Reply getVia(int replica, String path, String... headers) {
        return exchange(http, replica, "GET", path, null, null, headers);
    }

    /** The same request from another client address (127.0.0.2, ...): a second client, over real sockets. */
    Reply getFrom(String localAddress, String path, String... headers) {
        return exchange(client(localAddress), 0, "GET", path, null, null, headers);
    }

    private Reply exchange(OkHttpClient client, int replica, String method, String path, byte[] body,
                           String contentType, String... headers) {
        var request = new Request.Builder().url("http://127.0.0.1:" + gateways.get(replica).port() + path)
                .method(method, body == null ? null
                        : RequestBody.create(body, contentType == null ? null : MediaType.get(contentType)));
        var curl = new StringBuilder("curl -i");
        if (!method.equals("GET")) {
            curl.append(" -X ").append(method);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            curl.append(" -H '").append(headers[i]).append(": ").append(headers[i + 1]).append("'");
        }
        if (body != null) {
            curl.append(" --data-binary '").append(body.length > 40 ? "<" + body.length + " bytes>"
                    : new String(body)).append("'");
        }
        curl.append(" 'localhost:").append(SHOWN_PORTS[replica]).append(path).append("'")
                .append("\n          against your gateway started with this test's config: ").append(startItYourself);
        ThrownInGateway.clear();
        try (Response response = client.newCall(request.build()).execute()) {
            Map<String, List<String>> received = new LinkedHashMap<>(response.headers().toMultimap());
            return new Reply(curl.toString(), response.code(), received, response.body().bytes(), null,
                    response.code() == 500 ? ThrownInGateway.describe() : null);
        } catch (IOException failed) {
            String why = failed instanceof java.io.InterruptedIOException
                    ? "no complete answer within " + ANSWER_WITHIN.toSeconds() + " s (is the gateway stuck?)"
                    : "the connection failed: " + failed;
            return new Reply(curl.toString(), -1, Map.of(), new byte[0], why, null);
        }
    }

    private static OkHttpClient client(String localAddress) {
        var builder = TestHttp.builder().callTimeout(ANSWER_WITHIN).retryOnConnectionFailure(false);
        if (localAddress != null) {
            builder.socketFactory(new BoundSocketFactory(localAddress));
        }
        return builder.build();
    }

    /** Closes the gateways, then the services. */
    @Override
    public void close() {
        try {
            fixture.close();
        } catch (RuntimeException ignored) {
            // Everything was closed all the same; why a gateway would not stop is no part of its grade.
        }
    }
}
