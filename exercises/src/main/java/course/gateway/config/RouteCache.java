package course.gateway.config;

/** A route's own cache settings; {@code "enabled": false} never caches it, a missing TTL takes the global one. */
public record RouteCache(Boolean enabled, Integer ttlSeconds) {

    public RouteCache {
        if (ttlSeconds != null) {
            Checks.range("ttlSeconds", ttlSeconds, 1, 86_400);
        }
    }
}
