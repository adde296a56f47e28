package course.gateway.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Request latencies measured by a test, in milliseconds, with the percentiles a load test reports. */
public final class Latencies {
    private final List<Double> millis = new ArrayList<>();

    public void add(long startNanos, long endNanos) {
        millis.add((endNanos - startNanos) / 1e6);
    }

    public int count() {
        return millis.size();
    }

    /** The smallest latency that {@code fraction} of the requests did not exceed. */
    public double percentile(double fraction) {
        var sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(fraction * sorted.size()) - 1));
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", count(), percentile(0.5), percentile(0.99),
                percentile(1.0));
    }
}
