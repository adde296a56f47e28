package course.gateway.observability;

import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import course.gateway.store.StoreHealth;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /health}: the gateway itself is up. {@code GET /gateway/health}: every upstream's health endpoint,
 * asked all at once with a short timeout, and the shared store (Bonus E); 200 with status "ok" when all answer
 * 2xx and the store is up, otherwise 503 with status "degraded", and the detail either way.
 */
public final class HealthEndpoints {
    private final RouteTable routes;
    private final OkHttpClient http;
    private final Supplier<Map<String, String>> circuits;
    private final Supplier<StoreHealth> store;

    /**
     * @param circuits each upstream's circuit state by upstream name (empty when breakers are off)
     * @param store    checks the rate-limit and cache store and tells how it is
     */
    public HealthEndpoints(RouteTable routes, OkHttpClient http, Duration timeout,
                           Supplier<Map<String, String>> circuits, Supplier<StoreHealth> store) {
        this.routes = routes;
        this.http = http.newBuilder().callTimeout(timeout).build();
        this.circuits = circuits;
        this.store = store;
    }

    public void alive(Context ctx) {
        ctx.json(Map.of("status", "ok"));
    }

    public void aggregate(Context ctx) {
        var checks = checkUpstreams();
        StoreHealth storeHealth = store.get();
        List<UpstreamHealth> results = checks.join();
        boolean allUp = results.stream().allMatch(result -> result.status().equals("up")) && storeHealth.isUp();
        ctx.status(allUp ? 200 : 503).json(new GatewayHealth(allUp ? "ok" : "degraded", results, storeHealth));
    }

    /** Asks every upstream's health endpoint at once; completes when all have answered or timed out. */
    public CompletableFuture<List<UpstreamHealth>> checkUpstreams() {
        var checks = new ArrayList<CompletableFuture<UpstreamHealth>>();
        Map<String, String> circuitStates = circuits.get();
        for (Route route : routes.routes()) {
            for (HttpUrl upstream : route.upstreams()) {
                String name = route.upstreamName(upstream);
                checks.add(check(route, upstream, name, circuitStates.get(name)));
            }
        }
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(allDone -> checks.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<UpstreamHealth> check(Route route, HttpUrl upstream, String name, String circuit) {
        HttpUrl url = upstream.newBuilder().encodedPath(route.settings().healthPath()).build();
        // A latency is a measurement of real time, so it is read from the JVM's monotonic clock; the injected
        // clock is for decisions and may stand still in tests.
        long started = System.nanoTime();
        var result = new CompletableFuture<UpstreamHealth>();
        http.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    result.complete(new UpstreamHealth(route.name(), name, upstream.toString(),
                            response.isSuccessful() ? "up" : "down", response.code(), millisSince(started),
                            response.isSuccessful() ? null : "health check answered " + response.code(), circuit));
                }
            }

            @Override
            public void onFailure(Call call, IOException failure) {
                result.complete(new UpstreamHealth(route.name(), name, upstream.toString(), "down", null,
                        millisSince(started), failure instanceof java.io.InterruptedIOException
                        ? "no answer in time" : "unreachable", circuit));
            }
        });
        return result;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The body of {@code /gateway/health}. */
    public record GatewayHealth(String status, List<UpstreamHealth> upstreams, StoreHealth store) {}

    /**
     * One upstream's health; {@code httpStatus} is null when it did not answer, {@code circuit} when breakers are
     * switched off.
     */
    public record UpstreamHealth(String route, String upstream, String url, String status, Integer httpStatus,
                                 long latencyMs, String error, String circuit) {}
}
