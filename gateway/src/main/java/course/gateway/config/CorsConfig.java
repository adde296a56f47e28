package course.gateway.config;

import java.util.List;

/**
 * Cross-origin requests from browsers. No origin is allowed until one is listed; {@code "*"} allows any (and
 * then credentials cannot be allowed, as browsers require).
 */
public record CorsConfig(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                         List<String> exposedHeaders, Boolean allowCredentials, Integer maxAgeSeconds) {

    public CorsConfig {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedMethods = allowedMethods == null
                ? List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS") : List.copyOf(allowedMethods);
        allowedHeaders = allowedHeaders == null
                ? List.of("Content-Type", "Authorization", "X-API-Key", "X-Request-ID") : List.copyOf(allowedHeaders);
        exposedHeaders = exposedHeaders == null ? List.of("X-Request-ID", "X-Cache", "RateLimit-Limit",
                "RateLimit-Remaining", "RateLimit-Reset", "Retry-After") : List.copyOf(exposedHeaders);
        allowCredentials = allowCredentials != null && allowCredentials;
        maxAgeSeconds = maxAgeSeconds == null ? 600 : maxAgeSeconds;
        Checks.range("maxAgeSeconds", maxAgeSeconds, 0, 86_400);
        for (int i = 0; i < allowedOrigins.size(); i++) {
            String origin = allowedOrigins.get(i);
            if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("allowedOrigins[" + i + "] must be \"*\" or like"
                        + " https://example.com (scheme, host, optional port), got '" + origin + "'");
            }
        }
        if (allowCredentials && allowedOrigins.contains("*")) {
            throw new IllegalArgumentException("allowCredentials cannot be true when allowedOrigins has \"*\"");
        }
    }

    public static CorsConfig defaults() {
        return new CorsConfig(null, null, null, null, null, null);
    }

    /** Whether {@code origin} (an {@code Origin} header's value) is listed, or every origin is ({@code "*"}). */
    public boolean allows(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }
}
