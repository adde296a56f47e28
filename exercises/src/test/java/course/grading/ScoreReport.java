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
 * {@code META-INF/services}; it writes the report to the file named by {@code grade.report} (grade.sh prints it),
 * and the same points for machines ({@link ReportFiles}: JSON, JUnit XML, GitHub Classroom) where
 * {@code grade.json}, {@code grade.junit} and {@code grade.classroom} say.
 */
public final class ScoreReport implements TestExecutionListener {
    /** One graded test's result; a skipped one (its tool is not installed) counts neither way. */
    record Outcome(Graded step, String test, String testClass, String method, int points, boolean passed,
                   boolean skipped, String message) {}

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
            outcomes.add(new Outcome(step, test.getDisplayName(), method.getDeclaringClass().getName(),
                    method.getName(), points.value(),
                    result.getStatus() == TestExecutionResult.Status.SUCCESSFUL,
                    result.getStatus() == TestExecutionResult.Status.ABORTED, message));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (outcomes.isEmpty()) {
            return;
        }
        String report = render(List.copyOf(outcomes), VERBOSE);
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
        ReportFiles.write(List.copyOf(outcomes));
    }

    /** The table, then the failures of the first unfinished step in full and a line for each later one. */
    static String render(List<Outcome> outcomes, boolean verbose) {
        var byStep = new TreeMap<String, List<Outcome>>(ScoreReport::compareSteps);
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
        // The first unfinished step, in the guides' order, is the one to work on: its failures in full, most
        // basic first. Each later one gets a line (./grade.sh -v shows every failure of every step). A bonus nobody
        // has started is optional work, not the next thing to fix: in a run of several bonuses it gets a line too,
        // naming the command that shows its tests (a run of that one bonus shows them in full).
        long bonuses = byStep.keySet().stream().filter(id -> kind(id) == Kind.BONUS).count();
        boolean first = true;
        boolean listed = false;
        for (var step : failures.entrySet()) {
            Graded graded = step.getKey();
            List<Outcome> failed = inSourceOrder(step.getValue());
            int got = byStep.get(graded.step()).stream().filter(Outcome::passed).mapToInt(Outcome::points).sum();
            boolean untouchedBonus = kind(graded.step()) == Kind.BONUS && got == 0 && bonuses > 1;
            if ((!first || untouchedBonus) && !verbose) {
                if (!listed && first) {
                    out.append('\n');
                }
                listed = true;
                out.append(String.format("  %-34s %s%n", name(graded) + ":", untouchedBonus
                        ? "not started (optional: ./grade.sh bonus-" + graded.step().toLowerCase() + " shows its tests)"
                        : got == 0 ? "not started yet"
                        : failed.size() + " test" + (failed.size() == 1 ? "" : "s") + " still failing"));
                continue;
            }
            first = false;
            out.append("\n  ").append(name(graded)).append(": ").append(failed.size()).append(" test")
                    .append(failed.size() == 1 ? "" : "s").append(" failing; see ").append(graded.guide())
                    .append('\n');
            for (Outcome outcome : failed) {
                out.append("  x ").append(outcome.test()).append(" (").append(outcome.points()).append(" points)\n")
                        .append(outcome.message().indent(6).stripTrailing()).append('\n');
            }
            if (!verbose && failures.size() > 1) {
                out.append("\n  Later steps, once this one is done:\n");
                listed = true;
            }
        }
        return out.toString();
    }

    /**
     * The failures in the order their tests stand in the test class's source, which follows the guide (most basic
     * first); in the order they ran where the source cannot be read.
     */
    static List<Outcome> inSourceOrder(List<Outcome> failed) {
        var source = new java.util.HashMap<String, String>();
        var sorted = new ArrayList<>(failed);
        sorted.sort(java.util.Comparator.comparingInt(outcome -> {
            String text = source.computeIfAbsent(outcome.testClass(), ScoreReport::readSource);
            int at = text.indexOf(" " + outcome.method() + "(");
            return at < 0 ? Integer.MAX_VALUE : at;
        }));
        return sorted;
    }

    private static String readSource(String className) {
        Path file = Path.of("src/test/java", className.replace('.', '/') + ".java");
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /**
     * "Step 1 routing", "Bonus A API keys"; any other id is a row of an instructor's own tests (grade.sh --extra),
     * named by its title alone.
     */
    static String name(Graded step) {
        return switch (kind(step.step())) {
            case STEP -> "Step " + step.step() + " " + step.title();
            case BONUS -> "Bonus " + step.step() + " " + step.title();
            case EXTRA -> step.title();
        };
    }

    /** A step id: "1" to "4" a step, a single capital letter a bonus, anything else an instructor's row. */
    enum Kind { STEP, BONUS, EXTRA }

    static Kind kind(String step) {
        if (step.chars().allMatch(Character::isDigit)) {
            return Kind.STEP;
        }
        return step.length() == 1 && Character.isUpperCase(step.charAt(0)) ? Kind.BONUS : Kind.EXTRA;
    }

    /** The guides' order: the steps, then the bonuses, then an instructor's rows in the order of their ids. */
    static int compareSteps(String a, String b) {
        int byKind = kind(a).compareTo(kind(b));
        if (byKind != 0) {
            return byKind;
        }
        return kind(a) == Kind.STEP ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : a.compareTo(b);
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
