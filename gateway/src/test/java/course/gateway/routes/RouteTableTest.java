package course.gateway.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.config.GatewayConfig;
import course.gateway.config.RouteConfig;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static RouteConfig route(String name, String prefix, String upstream, Boolean strip) {
        return new RouteConfig(name, prefix, List.of(upstream), null, strip, null, null, null, null, null);
    }

    private final RouteTable table = new RouteTable(GatewayConfig.withRoutes(List.of(
            route("a", "/service-a", "http://a:8001", null),
            route("a-admin", "/service-a/admin", "http://admin:9000/base/", null),
            route("keep", "/keep", "http://k:1", false))));

    private String nameFor(String path) {
        return table.match(path).map(Route::name).orElse("none");
    }

    @Test
    void matchesWholeSegmentsOnlyAndPrefersTheLongestPrefix() {
        assertEquals("a", nameFor("/service-a"));
        assertEquals("a", nameFor("/service-a/items/1"));
        assertEquals("a-admin", nameFor("/service-a/admin/users"));
        assertEquals("a", nameFor("/service-a/administrator"));
        assertEquals("none", nameFor("/service-abc"));
        assertEquals("none", nameFor("/"));
        assertEquals("none", nameFor("/SERVICE-A/items"));
    }

    /** What lists the routes (/gateway/routes, health, the dashboard) shows them as configured. */
    @Test
    void routesAndTheirDescriptionKeepTheConfiguredOrder() {
        assertEquals(List.of("a", "a-admin", "keep"), table.routes().stream().map(Route::name).toList());
        assertEquals(List.of("a", "a-admin", "keep"), table.describe().stream().map(RouteConfig::name).toList());
    }

    @Test
    void stripsThePrefixAndJoinsTheUpstreamsBasePath() {
        Route a = table.match("/service-a").orElseThrow();
        HttpUrl upstreamA = a.upstreams().get(0);
        assertEquals("/items/1", a.upstreamPath(upstreamA, "/service-a/items/1"));
        assertEquals("/", a.upstreamPath(upstreamA, "/service-a"));
        assertEquals("/", a.upstreamPath(upstreamA, "/service-a/"));

        Route admin = table.match("/service-a/admin").orElseThrow();
        assertEquals("/base/users", admin.upstreamPath(admin.upstreams().get(0), "/service-a/admin/users"));
        assertEquals("/base", admin.upstreamPath(admin.upstreams().get(0), "/service-a/admin"));

        Route keep = table.match("/keep/x").orElseThrow();
        assertEquals("/keep/x", keep.upstreamPath(keep.upstreams().get(0), "/keep/x"));
    }

    @Test
    void severalUpstreamsAreUsedInTurn() {
        var table = new RouteTable(GatewayConfig.withRoutes(List.of(RouteConfig.of("lb", "/lb",
                List.of("http://one:1", "http://two:2")))));
        Route lb = table.match("/lb").orElseThrow();
        List<String> hosts = List.of(lb.nextUpstream().host(), lb.nextUpstream().host(), lb.nextUpstream().host());
        assertEquals(List.of("one", "two", "one"), hosts);
        assertTrue(table.routes().size() == 1);
    }
}
