package course.gateway.config;

import java.util.HashSet;
import java.util.List;

/**
 * Everything the gateway reads from {@code config.json}, one record per section. Missing sections take their
 * defaults; each step's section has {@code enabled} to switch the step off.
 */
public record GatewayConfig(ServerConfig server, List<RouteConfig> routes, RateLimitConfig rateLimit,
                            CacheConfig cache, WebSocketConfig websocket, AuthConfig auth, BreakerConfig breaker,
                            CorsConfig cors, LoggingConfig logging, StoreConfig store, AdminConfig admin) {

    public GatewayConfig {
        server = server == null ? ServerConfig.defaults() : server;
        routes = routes == null ? List.of() : List.copyOf(routes);
        rateLimit = rateLimit == null ? RateLimitConfig.defaults() : rateLimit;
        cache = cache == null ? CacheConfig.defaults() : cache;
        websocket = websocket == null ? WebSocketConfig.defaults() : websocket;
        auth = auth == null ? AuthConfig.defaults() : auth;
        breaker = breaker == null ? BreakerConfig.defaults() : breaker;
        cors = cors == null ? CorsConfig.defaults() : cors;
        logging = logging == null ? LoggingConfig.defaults() : logging;
        store = store == null ? StoreConfig.defaults() : store;
        admin = admin == null ? AdminConfig.defaults() : admin;
        var names = new HashSet<String>();
        var prefixes = new HashSet<String>();
        for (RouteConfig route : routes) {
            if (!names.add(route.name())) {
                throw new IllegalArgumentException("routes: two routes are named '" + route.name() + "'");
            }
            if (!prefixes.add(route.prefix())) {
                throw new IllegalArgumentException("routes: two routes use the prefix '" + route.prefix() + "'");
            }
            Integer cap = route.maxConcurrentRequests();
            if (cap != null && cap >= server.maxThreads()) {
                throw new IllegalArgumentException("routes: " + route.name() + ".maxConcurrentRequests must be less"
                        + " than server.maxThreads (" + server.maxThreads() + "), or one slow upstream could hold"
                        + " every request thread; got " + cap);
            }
            if (store.isRedis()) {
                RouteRateLimit own = route.rateLimit();
                exactInRedis("routes '" + route.name() + "' rateLimit",
                        own.limit() != null ? own.limit() : rateLimit.limit(),
                        own.windowSeconds() != null ? own.windowSeconds() : rateLimit.windowSeconds());
            }
        }
    }

    /** A gateway with these routes and every other setting at its default. */
    public static GatewayConfig withRoutes(List<RouteConfig> routes) {
        return new GatewayConfig(null, routes, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Bonus E: Redis runs the token bucket in Lua, whose numbers are doubles, exact for whole numbers below 2^53;
     * a bucket holds limit x window-in-milliseconds credits.
     */
    private static void exactInRedis(String field, long limit, long windowSeconds) {
        if (limit * windowSeconds * 1000 > 1L << 53) {
            throw new IllegalArgumentException(field + ": with store.type redis, limit x windowSeconds must stay"
                    + " under 9,007,199,254,740 (got " + limit + " x " + windowSeconds + ")");
        }
    }
}
