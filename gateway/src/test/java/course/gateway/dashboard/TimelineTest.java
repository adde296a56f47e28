package course.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's seconds, on the test's clock: counted per second, averaged, and forgotten after five minutes. */
class TimelineTest {
    private final MutableClock clock = new MutableClock();
    private final Timeline timeline = new Timeline(clock);

    @Test
    void countsEachSecondApartAndAveragesItsDurations() {
        timeline.record(10);
        timeline.record(30);
        clock.advance(Duration.ofSeconds(2));
        timeline.record(5);
        List<Timeline.Point> points = timeline.points();
        assertEquals(Timeline.SECONDS, points.size());
        assertEquals(new Timeline.Point(clock.millis() / 1000, 1, 5.0), points.get(Timeline.SECONDS - 1));
        assertEquals(0, points.get(Timeline.SECONDS - 2).requests(), "a quiet second");
        assertEquals(new Timeline.Point(clock.millis() / 1000 - 2, 2, 20.0), points.get(Timeline.SECONDS - 3));
    }

    @Test
    void aSecondOlderThanFiveMinutesIsForgottenEvenWhenItsSlotIsNotReusedYet() {
        timeline.record(10);
        clock.advance(Duration.ofSeconds(Timeline.SECONDS));
        assertEquals(0, timeline.points().stream().mapToLong(Timeline.Point::requests).sum());
        timeline.record(7); // the same slot, five minutes on: it starts afresh
        assertEquals(List.of(1L), timeline.points().stream().map(Timeline.Point::requests)
                .filter(requests -> requests > 0).toList());
    }
}
