package course.gateway.dashboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Requests per second and their mean duration, for the dashboard's chart: one slot per second of the last
 * {@link #SECONDS}, reused as time goes round. Seconds are read from the injected clock, so a test can step it.
 */
final class Timeline {
    /** Five minutes: long enough to see a circuit open and close, short enough to fit a small chart. */
    static final int SECONDS = 300;

    private final Clock clock;
    private final long[] second = new long[SECONDS];
    private final long[] requests = new long[SECONDS];
    private final double[] totalMs = new double[SECONDS];

    Timeline(Clock clock) {
        this.clock = clock;
        Arrays.fill(second, Long.MIN_VALUE);
    }

    /** Counts one answered request in the current second. One short lock: far cheaper than the request itself. */
    synchronized void record(double durationMs) {
        long now = clock.millis() / 1000;
        int slot = (int) Math.floorMod(now, (long) SECONDS);
        if (second[slot] != now) { // the slot last held a second five minutes ago: start it afresh
            second[slot] = now;
            requests[slot] = 0;
            totalMs[slot] = 0;
        }
        requests[slot]++;
        totalMs[slot] += durationMs;
    }

    /** The last {@link #SECONDS} seconds, oldest first, the current (still filling) one last; empty seconds are 0. */
    synchronized List<Point> points() {
        long now = clock.millis() / 1000;
        var points = new ArrayList<Point>(SECONDS);
        for (long s = now - SECONDS + 1; s <= now; s++) {
            int slot = (int) Math.floorMod(s, (long) SECONDS);
            boolean counted = second[slot] == s && requests[slot] > 0;
            points.add(counted ? new Point(s, requests[slot], totalMs[slot] / requests[slot]) : new Point(s, 0, 0));
        }
        return points;
    }

    /** One second: its epoch second, how many requests were answered in it, and their mean duration. */
    record Point(long second, long requests, double meanMs) {}
}
