package course.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What students read in the starter must teach, not dictate (maintainer profile, with the generator's checks):
 * a TODO states the goal and the contract and points at the guide, and never holds the statements, a formula or
 * a call chain; and no import is left that only the solution used, since it would point at the answer's API.
 */
class StarterHygieneTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern TODO = Pattern.compile("//\\s*TODO\\(");
    private static final Pattern COMMENT = Pattern.compile("^\\s*//(.*)$");
    /** What makes a comment line code rather than prose, each with the reason shown when it is found. */
    private static final Map<Pattern, String> CODE_SHAPES = Map.of(
            Pattern.compile(";\\s*$"), "a statement ending in ';'",
            Pattern.compile("\\bnew [A-Z]\\w*(<[^>]*>)?\\("), "a constructor call",
            Pattern.compile("->"), "a lambda or switch arrow",
            Pattern.compile("\\w\\([^()]*\\)\\.\\w+\\("), "a method-call chain",
            Pattern.compile("\\b[a-z]\\w*\\s*[-+*/]?=\\s*[\\w(]"), "an assignment or formula");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?[\\w.]+\\.(\\w+);\\s*$");

    private final StarterGenerator generator = new StarterGenerator(ROOT.resolve("exercises/starter/stubs"));

    @Test
    void todoCommentsStateContractsNotCode() throws IOException {
        var offences = new ArrayList<String>();
        Map<Path, String> starter = generator.generate(ROOT.resolve("gateway/src/main"), generator.steps());
        starter.forEach((path, text) -> offences.addAll(codeShapedTodos("exercises/src/main/" + path, text)));
        try (Stream<Path> stubs = Files.walk(ROOT.resolve("exercises/starter/stubs"))) {
            for (Path stub : stubs.filter(Files::isRegularFile).toList()) {
                offences.addAll(codeShapedTodos(ROOT.relativize(stub).toString(), Files.readString(stub)));
            }
        }
        if (!offences.isEmpty()) {
            fail("TODO comments that hold code (say the goal and the contract instead, and leave design hints to"
                    + " the guide's collapsed hints):\n  " + String.join("\n  ", offences));
        }
    }

    @Test
    void theStarterImportsNothingItDoesNotUse() {
        var unused = new ArrayList<String>();
        generator.generate(ROOT.resolve("gateway/src/main"), generator.steps()).forEach((path, text) -> {
            if (!path.toString().endsWith(".java")) {
                return;
            }
            String body = text.lines().filter(line -> !IMPORT.matcher(line).matches())
                    .reduce("", (a, b) -> a + "\n" + b);
            text.lines().map(IMPORT::matcher).filter(Matcher::matches).map(m -> m.group(2))
                    .filter(name -> !Pattern.compile("\\b" + name + "\\b").matcher(body).find())
                    .forEach(name -> unused.add(path + ": " + name));
        });
        assertEquals(List.of(), unused, "imports the starter does not use");
    }

    @Test
    void theCheckCatchesCodeAndLetsProsePass() {
        assertEquals(4, codeShapedTodos("X.java", """
                // TODO(step 2): limiter.tryAcquire(key, limit);
                // TODO(step 2): remaining = credits / windowMillis
                // TODO(step 2): build it with new Decision(true, 1)
                // TODO(step 2): route.settings().rateLimit() first
                """).size());
        assertTrue(codeShapedTodos("X.java", """
                // TODO(step 2): decide whether this client may make a request now, and say when it may try again.
                //   Input: the client's key and its limit. Output: a Decision. See exercises/steps/2-rate-limit.md.
                int x = 1;
                """).isEmpty());
    }

    /** Every line of a TODO block (the TODO line and the comment lines after it) that looks like code. */
    static List<String> codeShapedTodos(String file, String text) {
        var found = new ArrayList<String>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!TODO.matcher(lines[i]).find()) {
                continue;
            }
            for (int j = i; j < lines.length; j++) {
                Matcher comment = COMMENT.matcher(lines[j]);
                if (!comment.matches() || (j > i && TODO.matcher(lines[j]).find())) {
                    break;
                }
                for (var shape : CODE_SHAPES.entrySet()) {
                    if (shape.getKey().matcher(comment.group(1)).find()) {
                        found.add(file + ":" + (j + 1) + ": " + shape.getValue() + ": " + lines[j].trim());
                        break;
                    }
                }
            }
        }
        return found;
    }
}
