package course.gateway;

import course.gateway.auth.ApiKeyStep;
import course.gateway.auth.ApiKeys;
import course.gateway.breaker.BreakerPicker;
import course.gateway.cache.CacheStep;
import course.gateway.config.GatewayConfig;
import course.gateway.observability.GatewayStats;
import course.gateway.ratelimit.RateLimitStep;
import course.gateway.routes.RouteTable;
import course.gateway.routing.UpstreamPicker;
import course.gateway.store.Stores;
import course.gateway.websocket.MessageBudget;
import course.gateway.websocket.WebSocketRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The steps that keep state, built once from the configuration: both pipelines share them (an upgrade draws on
 * the same rate-limit budget as a plain request), and {@code /gateway/stats} reads them.
 *
 * @param stores     where budgets and cached answers live (Bonus E: memory or Redis)
 * @param breakers   one circuit breaker per upstream (Bonus C)
 * @param upstreams  how the proxy and the relay pick an upstream: the breakers when they are on, else in turn
 */
record Steps(GatewayConfig config, Stores stores, BreakerPicker breakers, UpstreamPicker upstreams,
             ApiKeyStep apiKeys, RateLimitStep rateLimit, CacheStep cache, WebSocketRelay webSockets) {

    /** @param sessions hears when relayed WebSockets open and close (the request log) */
    static Steps build(GatewayConfig config, RouteTable routes, Clock clock, WebSocketRelay.SessionListener sessions) {
        var stores = Stores.create(config, clock);
        var breakers = new BreakerPicker(routes, config.breaker(), clock);
        UpstreamPicker upstreams = config.breaker().enabled() ? breakers : UpstreamPicker.roundRobin();
        return new Steps(config, stores, breakers, upstreams,
                new ApiKeyStep(new ApiKeys(config.auth().keys()), config.auth().header()),
                new RateLimitStep(stores.rateLimiter()),
                new CacheStep(config.cache(), stores.responseCache(), clock),
                new WebSocketRelay(upstreams, config.websocket().maxMessageBytes(), config.auth().strippedHeaders(),
                        sessions, new MessageBudget(config.websocket().maxBytesInFlight(),
                                Duration.ofMillis(config.server().idleTimeoutMs()), config.server().maxThreads() / 4)));
    }

    /** Each upstream's circuit state by name; empty when breakers are off. */
    Map<String, String> breakerStates() {
        return config.breaker().enabled() ? breakers.stateNames() : Map.of();
    }

    /** What the steps report about themselves for {@code /gateway/stats}; a switched-off cache reports zeros. */
    GatewayStats.Readings readings() {
        boolean cacheOn = config.cache().enabled();
        return new GatewayStats.Readings(cacheOn ? cache.hits() : 0, cacheOn ? cache.misses() : 0,
                cacheOn ? cache.entries() : 0, cacheOn ? cache.bytes() : 0, rateLimit.trackedClients(),
                webSockets.activeSessions(), webSockets.bytesInFlight(), breakerStates(), stores.health());
    }
}
