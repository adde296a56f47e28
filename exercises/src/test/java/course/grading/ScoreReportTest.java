package course.grading;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.grading.ScoreReport.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a student reads after ./grade.sh: the failures of the first unfinished step in full, a line for each later
 * one, and a line (not a page of failures) for a bonus nobody has started.
 */
class ScoreReportTest {
    @Graded(step = "1", title = "routing", guide = "steps/1-routing.md")
    private static final class One {}

    @Graded(step = "2", title = "rate limit", guide = "steps/2-rate-limit.md")
    private static final class Two {}

    @Graded(step = "A", title = "API keys", guide = "steps/bonus-a-auth.md")
    private static final class BonusA {}

    @Graded(step = "B", title = "per-route configuration", guide = "steps/bonus-b-config.md")
    private static final class BonusB {}

    private final List<Outcome> outcomes = new ArrayList<>();

    private void add(Class<?> step, String test, boolean passed) {
        outcomes.add(new Outcome(step.getAnnotation(Graded.class), test, step.getName(), "m", 2, passed, false,
                passed ? "" : "expected: status 200\ngot:      status 501"));
    }

    @Test
    void theFirstUnfinishedStepInFullAndOneLineForEachLaterOne() {
        add(One.class, "routes by prefix", true);
        add(Two.class, "the 11th request is refused", false);
        add(BonusA.class, "no key, 401", false);
        add(BonusB.class, "own limit", false);
        String report = ScoreReport.render(outcomes, false);
        assertTrue(report.contains("Step 2 rate limit: 1 test failing; see steps/2-rate-limit.md"), report);
        assertTrue(report.contains("  x the 11th request is refused (2 points)"), report);
        assertTrue(report.contains("Bonus A API keys:") && report.contains("./grade.sh bonus-a shows its tests"),
                report);
        assertFalse(report.contains("x no key, 401"), report);
    }

    @Test
    void withEveryStepDoneAnUntouchedBonusIsOneLineNotItsFailures() {
        add(One.class, "routes by prefix", true);
        add(Two.class, "the 11th request is refused", true);
        add(BonusA.class, "no key, 401", false);
        add(BonusB.class, "own limit", false);
        String report = ScoreReport.render(outcomes, false);
        assertFalse(report.contains("failing; see"), report);
        assertFalse(report.contains("x no key, 401"), report);
        assertTrue(report.contains("Bonus A API keys:") && report.contains("not started (optional: ./grade.sh"
                + " bonus-a shows its tests)"), report);
        assertTrue(report.contains("Bonus B per-route configuration:"), report);
    }

    @Test
    void aStartedBonusOrABonusGradedAloneShowsItsFailures() {
        add(BonusA.class, "no key, 401", false);
        String alone = ScoreReport.render(outcomes, false);
        assertTrue(alone.contains("Bonus A API keys: 1 test failing") && alone.contains("x no key, 401"), alone);

        add(BonusA.class, "a valid key passes", true);
        add(BonusB.class, "own limit", false);
        String started = ScoreReport.render(outcomes, false);
        assertTrue(started.contains("Bonus A API keys: 1 test failing") && started.contains("x no key, 401"),
                started);
    }

    @Test
    void verboseShowsEveryFailure() {
        add(One.class, "routes by prefix", true);
        add(BonusA.class, "no key, 401", false);
        add(BonusB.class, "own limit", false);
        String report = ScoreReport.render(outcomes, true);
        assertTrue(report.contains("x no key, 401") && report.contains("x own limit"), report);
    }
}
