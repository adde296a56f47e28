package course.gateway.config;

import java.util.List;

/**
 * Step 2: how many requests each client may make. A client is its IP address; {@code trustedProxies} lists the
 * proxies (addresses or CIDR ranges such as {@code 10.0.0.0/8}) whose {@code X-Forwarded-For} is believed.
 *
 * @param enabled        whether the step runs at all
 * @param limit          requests allowed per window (also the burst a fresh client may make at once)
 * @param windowSeconds  the window the limit is counted over
 * @param maxClients     the most clients tracked at once; beyond it the least recently seen is forgotten
 * @param trustedProxies peers allowed to name the client in {@code X-Forwarded-For}
 */
public record RateLimitConfig(Boolean enabled, Integer limit, Integer windowSeconds, Integer maxClients,
                              List<String> trustedProxies) {

    public RateLimitConfig {
        enabled = enabled == null || enabled;
        limit = limit == null ? 10 : limit;
        windowSeconds = windowSeconds == null ? 60 : windowSeconds;
        maxClients = maxClients == null ? 100_000 : maxClients;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        Checks.range("limit", limit, 1, 1_000_000_000);
        Checks.range("windowSeconds", windowSeconds, 1, 86_400);
        Checks.range("maxClients", maxClients, 1, 10_000_000);
        for (int i = 0; i < trustedProxies.size(); i++) {
            Checks.addressOrRange("trustedProxies[" + i + "]", trustedProxies.get(i));
        }
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(null, null, null, null, null);
    }
}
