package course.gateway.observability;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request durations counted into fixed buckets, as Prometheus histograms do: cheap to record from many threads,
 * and percentiles can be read off it to the precision of a bucket.
 */
final class LatencyHistogram {
    /** Upper bounds of the buckets, in milliseconds; the last bucket has no bound. */
    static final double[] BOUNDS_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000};

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_MS.length + 1);

    void record(double millis) {
        int bucket = 0;
        while (bucket < BOUNDS_MS.length && millis > BOUNDS_MS[bucket]) {
            bucket++;
        }
        counts.incrementAndGet(bucket);
    }

    /** How many durations were at most {@code BOUNDS_MS[i]} (cumulative, as Prometheus wants). */
    long[] cumulativeCounts() {
        long[] cumulative = new long[counts.length()];
        long running = 0;
        for (int i = 0; i < cumulative.length; i++) {
            running += counts.get(i);
            cumulative[i] = running;
        }
        return cumulative;
    }

    /** The upper bound of the bucket holding the given quantile (0.5 for the median), or null with no data. */
    Double quantileUpperBoundMs(double quantile) {
        long[] cumulative = cumulativeCounts();
        long total = cumulative[cumulative.length - 1];
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(quantile * total);
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (cumulative[i] >= rank) {
                return BOUNDS_MS[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
