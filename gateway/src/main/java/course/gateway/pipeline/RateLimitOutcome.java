package course.gateway.pipeline;

import java.util.Locale;

/** What Step 2 decided for a request: let it through, refuse it (429), or not count it (the route is exempt). */
public enum RateLimitOutcome {
    ALLOWED, LIMITED, EXEMPT;

    /** The name written in the request log's {@code rateLimit} field: {@code allowed}, {@code limited}, {@code exempt}. */
    public String logName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
