package course.gateway.dashboard;

import course.gateway.observability.GatewayStats;
import course.gateway.observability.HealthEndpoints.UpstreamHealth;
import course.gateway.routes.Route;
import course.gateway.routes.RouteTable;
import course.gateway.websocket.RelaySession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/** Builds the {@link Overview} an open page gets every second, from the route table and what the gateway reports. */
final class OverviewSource implements Supplier<Overview> {
    static final int MAX_RELAYS_SHOWN = 100;

    private final RouteTable routes;
    private final Traffic traffic;
    private final Supplier<Map<String, String>> circuits;
    private final HealthWatch health;
    private final Supplier<GatewayStats.Snapshot> stats;
    private final Clock clock;

    OverviewSource(RouteTable routes, Traffic traffic, Supplier<Map<String, String>> circuits, HealthWatch health,
                   Supplier<GatewayStats.Snapshot> stats, Clock clock) {
        this.routes = routes;
        this.traffic = traffic;
        this.circuits = circuits;
        this.health = health;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public Overview get() {
        Map<String, String> circuitStates = circuits.get();
        Map<String, UpstreamHealth> healths = health.latest();
        var routeViews = new ArrayList<Overview.RouteView>();
        for (Route route : routes.routes()) {
            var upstreams = new ArrayList<Overview.UpstreamView>();
            for (HttpUrl url : route.upstreams()) {
                String name = route.upstreamName(url);
                UpstreamHealth checked = healths.get(name);
                upstreams.add(new Overview.UpstreamView(name, url.toString(),
                        checked == null ? "unknown" : checked.status(), checked == null ? null : checked.error(),
                        circuitStates.get(name)));
            }
            routeViews.add(new Overview.RouteView(route.name(), route.prefix(), upstreams));
        }
        routeViews.sort(Comparator.comparing(Overview.RouteView::prefix));
        List<Overview.RelayView> relays = traffic.relays().stream()
                .sorted(Comparator.comparingLong(RelaySession::durationMillis).reversed())
                .limit(MAX_RELAYS_SHOWN) // the stats give the total; a page need not list a thousand
                .map(relay -> new Overview.RelayView(relay.requestId(), relay.route(), relay.client(),
                        relay.durationMillis(), relay.messagesFromClient(), relay.messagesFromUpstream()))
                .toList();
        return new Overview(clock.instant().toString(), routeViews, traffic.counts(), traffic.timeline(), relays,
                stats.get());
    }
}
