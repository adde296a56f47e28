package course.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Turns the graded tests' results into the score table a student sees: points per step, a total, and for each
 * failure what was sent, expected, received, and a hint. Registered with JUnit through
 * {@code META-INF/services}; it writes the report to the file named by {@code grade.report} (grade.sh prints it).
 */
public final class ScoreReport implements TestExecutionListener {
    /** One graded test's result; a skipped one (its tool is not installed) counts neither way. */
    private record Outcome(Graded step, String test, int points, boolean passed, boolean skipped, String message) {}

    /** Show every failure of every step ({@code ./grade.sh -v}). */
    private static final boolean VERBOSE = Boolean.getBoolean("grade.verbose");

    private final List<Outcome> outcomes = new ArrayList<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Optional<MethodSource> source = test.getSource().filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast);
        if (source.isEmpty()) {
            // A whole class failed before its tests ran (for example, the gateway would not start).
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                test.getSource().ifPresent(s -> System.err.println("grading: " + test.getDisplayName() + ": "
                        + result.getThrowable().map(Throwable::getMessage).orElse("failed")));
            }
            return;
        }
        var method = source.get().getJavaMethod();
        Graded step = method.getDeclaringClass().getAnnotation(Graded.class);
        Points points = method.getAnnotation(Points.class);
        if (step == null || points == null) {
            return;
        }
        String message = result.getThrowable().map(ScoreReport::explain).orElse("");
        synchronized (outcomes) {
            outcomes.add(new Outcome(step, test.getDisplayName(), points.value(),
                    result.getStatus() == TestExecutionResult.Status.SUCCESSFUL,
                    result.getStatus() == TestExecutionResult.Status.ABORTED, message));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (outcomes.isEmpty()) {
            return;
        }
        String report = render();
        if ("student".equals(System.getProperty("grade.target"))) {
            System.out.println(report);
        } else {
            // mvn verify grades the reference, the model answer: one line, so that no student takes its full
            // marks for their own score.
            System.out.println("graded suite against the reference gateway (the model answer, not your work): "
                    + outcomes.stream().filter(Outcome::passed).count() + " of " + outcomes.size() + " tests passed");
        }
        String file = System.getProperty("grade.report");
        if (file != null) {
            try {
                Files.writeString(Path.of(file), report);
            } catch (IOException unwritable) {
                throw new UncheckedIOException(unwritable);
            }
        }
    }

    private String render() {
        var byStep = new TreeMap<String, List<Outcome>>((a, b) -> order(a) - order(b));
        for (Outcome outcome : outcomes) {
            byStep.computeIfAbsent(outcome.step().step(), k -> new ArrayList<>()).add(outcome);
        }
        var out = new StringBuilder("\n  Score (" + System.getProperty("grade.target", "reference") + " gateway)\n\n");
        int total = 0;
        int max = 0;
        Map<Graded, List<Outcome>> failures = new LinkedHashMap<>();
        for (List<Outcome> step : byStep.values()) {
            Graded graded = step.get(0).step();
            if (step.stream().allMatch(Outcome::skipped)) {
                out.append(String.format("  %-34s skipped: %s%n", name(graded), step.get(0).message()));
                continue;
            }
            int got = step.stream().filter(Outcome::passed).mapToInt(Outcome::points).sum();
            int of = step.stream().mapToInt(Outcome::points).sum();
            total += got;
            max += of;
            out.append(String.format("  %-34s %3d/%-3d %s%n", name(graded), got, of, got == of ? "done" : ""));
            List<Outcome> failed = step.stream().filter(o -> !o.passed()).toList();
            if (!failed.isEmpty()) {
                failures.put(graded, failed);
            }
        }
        out.append(String.format("  %-34s %3d/%-3d%n", "Total", total, max));
        for (var step : failures.entrySet()) {
            Graded graded = step.getKey();
            out.append("\n  ").append(name(graded)).append(": see ").append(graded.guide()).append('\n');
            List<String> unfinished = java.util.Arrays.stream(graded.needs())
                    .filter(needed -> byStep.containsKey(needed)
                            && !byStep.get(needed).stream().allMatch(Outcome::passed))
                    .map(needed -> name(byStep.get(needed).get(0).step())).toList();
            if (!unfinished.isEmpty() && !VERBOSE) {
                out.append("    stands on ").append(String.join(" and ", unfinished))
                        .append(": finish that first (./grade.sh -v lists these failures anyway)\n");
                continue;
            }
            List<Outcome> failed = step.getValue();
            int shown = VERBOSE ? failed.size() : Math.min(3, failed.size());
            for (Outcome outcome : failed.subList(0, shown)) {
                out.append("  x ").append(outcome.test()).append(" (").append(outcome.points()).append(" points)\n")
                        .append(outcome.message().indent(6).stripTrailing()).append('\n');
            }
            if (shown < failed.size()) {
                out.append("  ... and ").append(failed.size() - shown).append(" more: ./grade.sh -v shows them all\n");
            }
        }
        return out.toString();
    }

    private static String name(Graded step) {
        return (Character.isDigit(step.step().charAt(0)) ? "Step " : "Bonus ") + step.step() + " " + step.title();
    }

    private static int order(String step) {
        return Character.isDigit(step.charAt(0)) ? step.charAt(0) - '0' : 10 + step.charAt(0) - 'A';
    }

    private static String explain(Throwable failure) {
        if (failure instanceof org.opentest4j.TestAbortedException skipped) {
            return String.valueOf(skipped.getMessage()).replaceFirst("^Assumption failed: ", "");
        }
        if (failure instanceof AssertionError && failure.getMessage() != null) {
            return failure.getMessage().strip();
        }
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return "the test did not finish in time: is the gateway stuck?";
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
