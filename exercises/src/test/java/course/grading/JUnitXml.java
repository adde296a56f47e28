package course.grading;

import course.grading.ReportFiles.Step;
import course.grading.ScoreReport.Outcome;
import java.util.List;

/**
 * The graded results as JUnit XML (the Ant/Surefire format that GitLab, Jenkins and learning platforms import): a
 * test suite per row of the score table with its points and maximum as properties, a test case per graded test
 * named with its points, and each failure's message in the graded format (sent, expected, got, hint).
 */
final class JUnitXml {
    private JUnitXml() {}

    static String of(List<Step> steps, String target) {
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        var suites = new StringBuilder();
        for (Step step : steps) {
            int failed = (int) step.tests().stream().filter(t -> !t.passed() && !t.skipped()).count();
            int notRun = (int) step.tests().stream().filter(Outcome::skipped).count();
            tests += step.tests().size();
            failures += failed;
            skipped += notRun;
            suites.append("  <testsuite name=\"").append(escape(step.name())).append("\" tests=\"")
                    .append(step.tests().size()).append("\" failures=\"").append(failed)
                    .append("\" errors=\"0\" skipped=\"").append(notRun).append("\">\n")
                    .append("    <properties>\n")
                    .append(property("points", step.skipped() ? 0 : step.points()))
                    .append(property("max", step.max()))
                    .append(property("guide", step.graded().guide()))
                    .append("    </properties>\n");
            for (Outcome test : step.tests()) {
                suites.append("    <testcase classname=\"").append(escape(test.testClass())).append("\" name=\"")
                        .append(escape(test.test() + " (" + test.points() + " points)")).append('"');
                if (test.passed()) {
                    suites.append("/>\n");
                    continue;
                }
                suites.append(">\n");
                if (test.skipped()) {
                    suites.append("      <skipped message=\"").append(escape(test.message())).append("\"/>\n");
                } else {
                    suites.append("      <failure message=\"").append(escape(headline(test))).append("\" type=\"")
                            .append("graded\">").append(escapeText(test.message())).append("</failure>\n");
                }
                suites.append("    </testcase>\n");
            }
            suites.append("  </testsuite>\n");
        }
        int points = steps.stream().filter(s -> !s.skipped()).mapToInt(Step::points).sum();
        int max = steps.stream().filter(s -> !s.skipped()).mapToInt(Step::max).sum();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!-- Graded suite, " + target + " gateway: " + points + " of " + max + " points -->\n"
                + "<testsuites name=\"graded suite (" + escape(target) + " gateway)\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\">\n"
                + suites + "</testsuites>\n";
    }

    /** One line for the failure's message attribute: what was expected and what came back. */
    private static String headline(Outcome test) {
        Failure.Parts parts = Failure.parse(test.message());
        if (parts == null) {
            return test.message().strip().lines().findFirst().orElse("failed");
        }
        return "expected " + parts.expected().lines().findFirst().orElse("") + "; got "
                + parts.got().lines().findFirst().orElse("");
    }

    private static String property(String name, Object value) {
        return "      <property name=\"" + name + "\" value=\"" + escape(String.valueOf(value)) + "\"/>\n";
    }

    /** Text safe inside an attribute, its line breaks kept; characters XML 1.0 forbids (colour codes) dropped. */
    static String escape(String text) {
        return escape(text, true);
    }

    /** Text safe inside an element. */
    static String escapeText(String text) {
        return escape(text, false);
    }

    private static String escape(String text, boolean attribute) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t', '\r' -> out.append(' ');
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
