package course.gateway.dashboard;

import course.gateway.observability.GatewayStats;
import java.util.List;
import java.util.Map;

/**
 * Everything the dashboard shows apart from the feed, sent to each open page every second: the route table with
 * each upstream's health and circuit, the counters by route, the chart's last minutes, the open WebSocket relays
 * and the gateway's stats.
 */
record Overview(String time, List<RouteView> routes, Map<String, RouteCounters.Counts> counts,
                List<Timeline.Point> timeline, List<RelayView> relays, GatewayStats.Snapshot stats) {

    record RouteView(String name, String prefix, List<UpstreamView> upstreams) {}

    /**
     * @param health  "up", "down", or "unknown" until the first health check has answered
     * @param circuit the circuit breaker's state, or null when breakers are off
     */
    record UpstreamView(String name, String url, String health, String healthDetail, String circuit) {}

    record RelayView(String requestId, String route, String client, long openMs, long messagesFromClient,
                     long messagesFromUpstream) {}
}
