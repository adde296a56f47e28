package course.gateway.dashboard;

import course.gateway.config.RouteConfig;
import course.gateway.pipeline.CacheOutcome;
import course.gateway.pipeline.RateLimitOutcome;
import course.gateway.pipeline.RequestFacts;
import course.gateway.routes.Route;
import course.gateway.websocket.RelaySession;
import course.gateway.websocket.WebSocketRelay;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the dashboard knows about the traffic, recorded as requests are answered and relays open and close. The
 * counters and the chart always run (a page opened later shows the totals since start); the live feed is built
 * only while a page is open, so with none open a request costs a few counter increments here.
 */
public final class Traffic implements WebSocketRelay.SessionListener {
    /** Requests that no route matched (404s) are counted under this name. */
    static final String NO_ROUTE = "(no route)";

    private final Clock clock;
    private final Timeline timeline;
    private final Map<String, RouteCounters> routes = new ConcurrentHashMap<>();
    private final Set<RelaySession> relays = ConcurrentHashMap.newKeySet();
    private final List<OpenPage> pages = new CopyOnWriteArrayList<>();

    public Traffic(Clock clock) {
        this.clock = clock;
        this.timeline = new Timeline(clock);
    }

    /**
     * One request (or WebSocket upgrade) has been answered. The gateway's own endpoints, which monitors and the
     * dashboard itself poll, are not traffic and are left out, as in the stats.
     */
    public void http(Context ctx, double durationMs) {
        String path = ctx.req().getRequestURI();
        RequestFacts facts = RequestFacts.find(ctx).orElse(null);
        if (facts == null || RouteConfig.isReserved(path)) {
            return;
        }
        int status = ctx.res().getStatus();
        String route = facts.matchedRoute().map(Route::name).orElse(NO_ROUTE);
        routes.computeIfAbsent(route, name -> new RouteCounters()).record(status, durationMs,
                facts.cache() == CacheOutcome.HIT, facts.rateLimit() == RateLimitOutcome.LIMITED);
        timeline.record(durationMs);
        if (!pages.isEmpty()) {
            var entry = FeedEntry.of(clock.instant().toString(), ctx.method().name(), path, status, durationMs, facts);
            for (OpenPage page : pages) {
                page.offer(entry);
            }
        }
    }

    @Override
    public void opened(RelaySession session) {
        relays.add(session);
    }

    @Override
    public void closed(RelaySession session, int closeCode) {
        relays.remove(session);
    }

    Clock clock() {
        return clock;
    }

    /** Each route's counters so far, by route name ({@link #NO_ROUTE} for 404s). */
    Map<String, RouteCounters.Counts> counts() {
        var counts = new TreeMap<String, RouteCounters.Counts>();
        routes.forEach((name, counters) -> counts.put(name, counters.read()));
        return counts;
    }

    List<Timeline.Point> timeline() {
        return timeline.points();
    }

    /** The relays open now. */
    Set<RelaySession> relays() {
        return relays;
    }

    void subscribe(OpenPage page) {
        pages.add(page);
    }

    void unsubscribe(OpenPage page) {
        pages.remove(page);
    }

    int openPages() {
        return pages.size();
    }

    /** Closes every open page's event stream (a shutdown must not wait for pages that never finish). */
    public void closePages() {
        for (OpenPage page : pages) {
            page.close();
        }
    }
}
