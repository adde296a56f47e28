package course.starter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed starter (exercises/src/main) must be exactly what the generator makes from the reference, so the
 * two never drift. Not graded, and run only with {@code -Pmaintainer} (CI does): a student's work would fail it.
 */
class StarterUpToDateTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private final StarterGenerator generator = new StarterGenerator(ROOT.resolve("exercises/starter/stubs"));

    @Test
    void committedStarterIsWhatTheGeneratorMakes() throws IOException {
        Map<Path, String> expected = generator.generate(ROOT.resolve("gateway/src/main"), generator.steps());
        Path starter = ROOT.resolve("exercises/src/main");
        var differing = new ArrayList<String>();
        for (var file : expected.entrySet()) {
            Path actual = starter.resolve(file.getKey());
            if (!Files.exists(actual) || !Files.readString(actual).equals(file.getValue())) {
                differing.add((Files.exists(actual) ? "differs: " : "missing: ") + file.getKey());
            }
        }
        try (Stream<Path> walk = Files.walk(starter)) {
            walk.filter(Files::isRegularFile).map(starter::relativize).filter(p -> !expected.containsKey(p))
                    .forEach(extra -> differing.add("not generated: " + extra));
        }
        if (!differing.isEmpty()) {
            fail("exercises/src/main is not what the generator makes from gateway/src/main:\n  "
                    + String.join("\n  ", differing) + "\nMaintainers: run `java exercises/src/test/java/course/"
                    + "starter/StarterGenerator.java` from the repository root and commit the result.");
        }
    }

    @Test
    void everyStepHasStubsAndEveryStubIsUsed() {
        assertEquals(Set.of("1-routing", "2-rate-limit", "3-cache", "4-websocket", "a-auth", "b-config", "c-breaker",
                "d-logging", "e-scale-out"), new TreeSet<>(generator.steps()));
        Map<Path, String> starter = generator.generate(ROOT.resolve("gateway/src/main"), generator.steps());
        for (String step : generator.steps()) {
            String number = step.substring(0, step.indexOf('-'));
            String marker = Character.isDigit(number.charAt(0)) ? "TODO(step " + number + ")"
                    : "TODO(bonus " + number.toUpperCase() + ")";
            assertTrue(starter.values().stream().anyMatch(text -> text.contains(marker)), "no " + marker);
        }
        assertTrue(starter.values().stream().noneMatch(text -> text.contains("// step:")), "markers left behind");
    }

    @Test
    void unbalancedMarkersAreRefusedWithTheirPlace() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () ->
                generator.transform(Path.of("X.java"), "a\n    // step:2-rate-limit begin tryTake\nb\n", Set.of()));
        assertTrue(error.getMessage().startsWith("X.java:2: step:2-rate-limit tryTake has no matching end"),
                error.getMessage());
    }
}
