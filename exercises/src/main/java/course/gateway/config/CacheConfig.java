package course.gateway.config;

/**
 * Step 3: the GET response cache.
 *
 * @param enabled       whether the step runs at all
 * @param ttlSeconds    how long an answer stays fresh (a route may set its own)
 * @param maxEntries    the most answers kept; beyond it the least recently used is dropped
 * @param maxEntryBytes the largest body kept; larger answers stream through uncached
 * @param maxTotalBytes the most body bytes kept in all; beyond it the least recently used answers are dropped
 */
public record CacheConfig(Boolean enabled, Integer ttlSeconds, Integer maxEntries, Integer maxEntryBytes,
                          Long maxTotalBytes) {

    public CacheConfig {
        enabled = enabled == null || enabled;
        ttlSeconds = ttlSeconds == null ? 30 : ttlSeconds;
        maxEntries = maxEntries == null ? 10_000 : maxEntries;
        maxEntryBytes = maxEntryBytes == null ? 1024 * 1024 : maxEntryBytes;
        Checks.range("ttlSeconds", ttlSeconds, 1, 86_400);
        Checks.range("maxEntries", maxEntries, 1, 1_000_000);
        maxTotalBytes = maxTotalBytes == null ? 64L * 1024 * 1024 : maxTotalBytes;
        Checks.range("maxEntryBytes", maxEntryBytes, 1, 64 * 1024 * 1024);
        Checks.range("maxTotalBytes", maxTotalBytes, maxEntryBytes, 16L * 1024 * 1024 * 1024);
    }

    public static CacheConfig defaults() {
        return new CacheConfig(null, null, null, null, null);
    }
}
