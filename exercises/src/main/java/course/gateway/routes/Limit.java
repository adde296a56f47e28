package course.gateway.routes;

import java.time.Duration;

/** "At most {@code requests} per {@code window}", for one client. */
public record Limit(int requests, Duration window) {

    public Limit {
        if (requests < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("a limit needs at least one request per millisecond-or-longer window");
        }
    }
}
