package course.gateway.dashboard;

import course.gateway.observability.HealthEndpoints.UpstreamHealth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Each upstream's health as the dashboard shows it: the answers of the last health check, asked again at most
 * every {@link #EVERY_NANOS} and only while a page wants them, so a dashboard nobody looks at costs the upstreams
 * nothing, and ten open pages cost them no more than one.
 */
final class HealthWatch {
    private static final long EVERY_NANOS = 5_000_000_000L;

    private final Supplier<CompletableFuture<List<UpstreamHealth>>> check;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Map<String, UpstreamHealth> latest = Map.of();
    private volatile long checkedAtNanos;
    private volatile boolean everChecked;

    HealthWatch(Supplier<CompletableFuture<List<UpstreamHealth>>> check) {
        this.check = check;
    }

    /**
     * The last answers by upstream name (empty until the first check has come back). Starts a new check in the
     * background when the last one is older than five seconds; the caller never waits for it.
     */
    Map<String, UpstreamHealth> latest() {
        // The interval is real time (how often to bother the upstreams), so it is on the JVM's monotonic clock.
        boolean stale = !everChecked || System.nanoTime() - checkedAtNanos > EVERY_NANOS;
        if (stale && checking.compareAndSet(false, true)) {
            check.get().whenComplete((answers, failed) -> {
                if (answers != null) {
                    latest = answers.stream().collect(Collectors.toUnmodifiableMap(UpstreamHealth::upstream,
                            health -> health, (first, second) -> first));
                }
                checkedAtNanos = System.nanoTime();
                everChecked = true;
                checking.set(false);
            });
        }
        return latest;
    }
}
