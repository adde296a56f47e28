package course.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import course.grading.ScoreReport.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The graded results for machines, with the points of the score table: a JSON report (per step its points, maximum,
 * tests, and each failure's expected, got, hint and repro), JUnit XML for CI servers and learning platforms, and one
 * result per step in GitHub Classroom's autograding format. Each is written only where its system property
 * ({@code grade.json}, {@code grade.junit}, {@code grade.classroom}: a folder) names a place; an unwritable place
 * fails with {@link UncheckedIOException}.
 */
final class ReportFiles {
    /** One row of the table: a step's tests in source order, and its points; a skipped step counts neither way. */
    record Step(Graded graded, List<Outcome> tests, int points, int max, boolean skipped) {
        String name() {
            return ScoreReport.name(graded);
        }

        /** The grading entry of the Classroom workflow: step-1, bonus-a; an instructor's rows share "private". */
        String classroomId() {
            return switch (ScoreReport.kind(graded.step())) {
                case STEP -> "step-" + graded.step();
                case BONUS -> "bonus-" + graded.step().toLowerCase(Locale.ROOT);
                case EXTRA -> "private";
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFiles() {}

    static void write(List<Outcome> outcomes) {
        List<Step> steps = steps(outcomes);
        try {
            String json = System.getProperty("grade.json", "");
            if (!json.isBlank()) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(json).toFile(), jsonReport(steps));
            }
            String junit = System.getProperty("grade.junit", "");
            if (!junit.isBlank()) {
                Files.writeString(Path.of(junit), JUnitXml.of(steps, target()), StandardCharsets.UTF_8);
            }
            String classroom = System.getProperty("grade.classroom", "");
            if (!classroom.isBlank()) {
                writeClassroom(steps, Path.of(classroom));
            }
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    static String target() {
        return System.getProperty("grade.target", "reference");
    }

    /** The rows of the table, in its order, with the same sums. */
    static List<Step> steps(List<Outcome> outcomes) {
        var byStep = new TreeMap<String, List<Outcome>>(ScoreReport::compareSteps);
        for (Outcome outcome : outcomes) {
            byStep.computeIfAbsent(outcome.step().step(), k -> new ArrayList<>()).add(outcome);
        }
        var steps = new ArrayList<Step>();
        for (List<Outcome> tests : byStep.values()) {
            boolean skipped = tests.stream().allMatch(Outcome::skipped);
            int points = tests.stream().filter(Outcome::passed).mapToInt(Outcome::points).sum();
            int max = tests.stream().mapToInt(Outcome::points).sum();
            steps.add(new Step(tests.get(0).step(), ScoreReport.inSourceOrder(tests), points, max, skipped));
        }
        return steps;
    }

    static String status(Outcome test) {
        return test.passed() ? "passed" : test.skipped() ? "skipped" : "failed";
    }

    private static Map<String, Object> jsonReport(List<Step> steps) {
        var report = new LinkedHashMap<String, Object>();
        report.put("gateway", target());
        report.put("points", steps.stream().filter(s -> !s.skipped()).mapToInt(Step::points).sum());
        report.put("max", steps.stream().filter(s -> !s.skipped()).mapToInt(Step::max).sum());
        var rows = new ArrayList<Map<String, Object>>();
        for (Step step : steps) {
            var row = new LinkedHashMap<String, Object>();
            row.put("step", step.graded().step());
            row.put("name", step.name());
            row.put("guide", step.graded().guide());
            row.put("points", step.points());
            row.put("max", step.max());
            row.put("status", step.skipped() ? "skipped" : step.points() == step.max() ? "done" : "unfinished");
            if (step.skipped()) {
                row.put("skipped", step.tests().get(0).message()); // why: left out of the total, as in the table
            }
            var tests = new ArrayList<Map<String, Object>>();
            var failures = new ArrayList<Map<String, Object>>();
            for (Outcome test : step.tests()) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("name", test.test());
                entry.put("points", test.points());
                entry.put("status", status(test));
                tests.add(entry);
                if (!test.passed() && !test.skipped()) {
                    failures.add(failure(test));
                }
            }
            row.put("tests", tests);
            row.put("failures", failures);
            rows.add(row);
        }
        report.put("steps", rows);
        return report;
    }

    /** A failure's fields; a message not in the graded format is kept whole, with null fields. */
    private static Map<String, Object> failure(Outcome test) {
        Failure.Parts parts = Failure.parse(test.message());
        var failure = new LinkedHashMap<String, Object>();
        failure.put("name", test.test());
        failure.put("points", test.points());
        failure.put("expected", parts == null ? null : parts.expected());
        failure.put("got", parts == null ? null : parts.got());
        failure.put("hint", parts == null ? null : parts.hint());
        failure.put("repro", parts == null ? null : parts.sent());
        failure.put("message", test.message());
        return failure;
    }

    /**
     * One file per grading entry, {@code <id>.json}, in the result format of GitHub Classroom's command grader: a
     * test per graded test, scored with its own points, so Classroom's total is the table's. A skipped step is an
     * error worth 0 with the reason as its message.
     */
    private static void writeClassroom(List<Step> steps, Path folder) throws IOException {
        Files.createDirectories(folder);
        var entries = new LinkedHashMap<String, List<Step>>();
        steps.forEach(step -> entries.computeIfAbsent(step.classroomId(), k -> new ArrayList<>()).add(step));
        for (var entry : entries.entrySet()) {
            var tests = new ArrayList<Map<String, Object>>();
            int max = 0;
            boolean allPassed = true;
            for (Step step : entry.getValue()) {
                max += step.max();
                for (Outcome test : step.tests()) {
                    allPassed &= test.passed();
                    Failure.Parts parts = test.passed() ? null : Failure.parse(test.message());
                    var result = new LinkedHashMap<String, Object>();
                    result.put("name", test.test() + " (" + test.points() + " points)");
                    result.put("status", test.passed() ? "pass" : test.skipped() ? "error" : "fail");
                    result.put("score", test.passed() ? test.points() : 0);
                    result.put("message", test.passed() ? "" : parts == null ? test.message()
                            : "expected: " + parts.expected() + "\ngot: " + parts.got() + "\nhint: " + parts.hint());
                    result.put("test_code", parts == null || parts.sent() == null ? "" : parts.sent());
                    result.put("filename", "");
                    result.put("line_no", 0);
                    result.put("duration", 0);
                    tests.add(result);
                }
            }
            var result = new LinkedHashMap<String, Object>();
            result.put("version", 1);
            result.put("status", allPassed ? "pass" : "fail");
            result.put("max_score", max);
            result.put("tests", tests);
            JSON.writeValue(folder.resolve(entry.getKey() + ".json").toFile(), result);
        }
    }
}
