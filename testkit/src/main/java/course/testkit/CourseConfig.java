package course.testkit;

/**
 * Gateway configs as the tests write them, in config.json's own JSON: its two routes, {@code /service-a} to
 * {@code ${A}} and {@code /service-b} to {@code ${B}}, which a {@link Fixture} fills with the URLs of the Service A
 * and Service B that the test started.
 */
public final class CourseConfig {
    private CourseConfig() {}

    /**
     * The two routes, each with {@code timeoutMs}; {@code sections} (other top-level keys, each followed by a
     * comma, e.g. {@code "cache": {"enabled": false},}) come before them, {@code extraRoutes} (each preceded by a
     * comma) after them.
     */
    public static String twoRoutes(String sections, int timeoutMs, String extraRoutes) {
        return """
                {"server": {"port": 0}, %s
                 "routes": [
                   {"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"], "timeoutMs": %d},
                   {"name": "service-b", "prefix": "/service-b", "upstreams": ["${B}"], "timeoutMs": %d}%s]}
                """.formatted(sections, timeoutMs, timeoutMs, extraRoutes);
    }
}
