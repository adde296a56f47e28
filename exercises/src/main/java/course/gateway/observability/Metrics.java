package course.gateway.observability;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

/** {@code GET /metrics}: the stats in Prometheus' text format (version 0.0.4), for a scraper. */
public final class Metrics {
    private final GatewayStats stats;

    public Metrics(GatewayStats stats) {
        this.stats = stats;
    }

    public void handle(Context ctx) {
        GatewayStats.Snapshot now = stats.snapshot();
        var out = new StringBuilder();
        metric(out, "gateway_requests_total", "counter", "Requests answered, by status class.");
        now.statusClasses().forEach((statusClass, count) ->
                out.append("gateway_requests_total{class=\"").append(statusClass).append("\"} ").append(count).append('\n'));
        single(out, "gateway_rate_limited_total", "counter", "Requests refused with 429.", now.rateLimited());
        single(out, "gateway_cache_hits_total", "counter", "Answers served from the cache.", now.cache().hits());
        single(out, "gateway_cache_misses_total", "counter", "Cacheable requests not found in the cache.",
                now.cache().misses());
        single(out, "gateway_cache_entries", "gauge", "Answers in the cache.", now.cache().entries());
        single(out, "gateway_cache_bytes", "gauge", "Body bytes of the answers in the cache.", now.cache().bytes());
        if (now.rateLimitClients() >= 0) { // a shared store (Bonus E) does not count them
            single(out, "gateway_rate_limit_clients", "gauge", "Clients the rate limiter tracks.",
                    now.rateLimitClients());
        }
        single(out, "gateway_websocket_sessions", "gauge", "WebSocket sessions relayed now.", now.activeWebSockets());
        single(out, "gateway_websocket_bytes_in_flight", "gauge", "WebSocket message bytes held now.",
                now.webSocketBytesInFlight());
        metric(out, "gateway_circuit_state", "gauge", "1 for the state each upstream's circuit is in.");
        for (Map.Entry<String, String> breaker : now.breakers().entrySet()) {
            for (String state : new String[] {"CLOSED", "OPEN", "HALF_OPEN"}) {
                out.append("gateway_circuit_state{upstream=\"").append(escape(breaker.getKey())).append("\",state=\"")
                        .append(state.toLowerCase(Locale.ROOT)).append("\"} ")
                        .append(state.equals(breaker.getValue()) ? 1 : 0).append('\n');
            }
        }
        metric(out, "gateway_store_up", "gauge", "1 while the rate-limit and cache store answers (Bonus E).");
        out.append("gateway_store_up{type=\"").append(now.store().type()).append("\"} ")
                .append(now.store().isUp() ? 1 : 0).append('\n');
        single(out, "gateway_store_failures_total", "counter", "Commands to the shared store that failed.",
                now.store().failures());
        single(out, "gateway_store_outages_total", "counter", "Times the shared store became unreachable.",
                now.store().outages());
        histogram(out);
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toString());
    }

    private void histogram(StringBuilder out) {
        metric(out, "gateway_request_duration_seconds", "histogram", "Time to answer a request.");
        long[] cumulative = stats.latency().cumulativeCounts();
        for (int i = 0; i < LatencyHistogram.BOUNDS_MS.length; i++) {
            out.append("gateway_request_duration_seconds_bucket{le=\"")
                    .append(LatencyHistogram.BOUNDS_MS[i] / 1000).append("\"} ").append(cumulative[i]).append('\n');
        }
        long total = cumulative[cumulative.length - 1];
        out.append("gateway_request_duration_seconds_bucket{le=\"+Inf\"} ").append(total).append('\n');
        out.append("gateway_request_duration_seconds_count ").append(total).append('\n');
    }

    private static void single(StringBuilder out, String name, String type, String help, long value) {
        metric(out, name, type, help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void metric(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
