package course.starter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes the student's starter from the reference gateway, so the two can never drift apart. In
 * {@code gateway/src/main}, each piece of a step's solution sits between two marker lines:
 *
 * <pre>
 *     // step:2-rate-limit begin tryTake
 *     ...the solution...
 *     // step:2-rate-limit end
 * </pre>
 *
 * and {@code exercises/starter/stubs/2-rate-limit.txt} holds what the starter has instead, under a heading
 * {@code ### tryTake}: a {@code // TODO(step 2): ...} line and just enough code to compile and to pass the
 * request through (or answer 501). Everything outside the markers is copied as it is.
 *
 * <p>Run {@code java exercises/src/test/java/course/starter/StarterGenerator.java} from the repository root to
 * rewrite {@code exercises/src/main}; {@code StarterUpToDateTest} fails the build when the committed starter
 * differs. The same generator, asked to revert only some steps, makes the variants that prove each graded test
 * can fail.
 */
public final class StarterGenerator {
    private static final Pattern BEGIN = Pattern.compile("^(\\s*)// step:([a-z0-9-]+) begin (\\S+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// step:([a-z0-9-]+) end\\s*$");
    private static final Pattern HEADING = Pattern.compile("^### (\\S+)\\s*$");

    private final Map<String, Map<String, List<String>>> stubs;

    /** @param stubsDir the folder of {@code <step>.txt} stub files */
    public StarterGenerator(Path stubsDir) {
        this.stubs = readStubs(stubsDir);
    }

    /** The step ids that have stubs, such as {@code 2-rate-limit}. */
    public Set<String> steps() {
        return stubs.keySet();
    }

    /**
     * Every file under {@code sourceRoot} (paths relative to it) with the regions of {@code revert} replaced by
     * their stubs and every other region's markers removed.
     */
    public Map<Path, String> generate(Path sourceRoot, Set<String> revert) {
        var files = new TreeMap<Path, String>();
        try (Stream<Path> walk = Files.walk(sourceRoot)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String text = Files.readString(file);
                Path relative = sourceRoot.relativize(file);
                files.put(relative, file.toString().endsWith(".java") ? transform(relative, text, revert) : text);
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return files;
    }

    /** One file's text with its regions handled; throws on unbalanced or unknown markers, naming the place. */
    String transform(Path file, String text, Set<String> revert) {
        var out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher begin = BEGIN.matcher(lines[i]);
            if (!begin.matches()) {
                if (END.matcher(lines[i]).matches()) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": step end without a begin");
                }
                out.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
                continue;
            }
            String indent = begin.group(1);
            String step = begin.group(2);
            String label = begin.group(3);
            int end = i + 1;
            while (end < lines.length && !END.matcher(lines[end]).matches()) {
                if (BEGIN.matcher(lines[end]).matches()) {
                    throw new IllegalStateException(file + ":" + (end + 1) + ": regions must not nest");
                }
                end++;
            }
            Matcher endMarker = end < lines.length ? END.matcher(lines[end]) : null;
            if (endMarker == null || !endMarker.matches() || !endMarker.group(1).equals(step)) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": step:" + step + " " + label
                        + " has no matching end");
            }
            List<String> stub = stubs.getOrDefault(step, Map.of()).get(label);
            if (stub == null) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": no stub '### " + label + "' in "
                        + step + ".txt");
            }
            List<String> replacement = revert.contains(step)
                    ? stub.stream().map(line -> line.isEmpty() ? "" : indent + line).toList()
                    : List.of(lines).subList(i + 1, end);
            for (String line : replacement) {
                out.append(line).append("\n");
            }
            i = end;
        }
        return out.toString();
    }

    private static Map<String, Map<String, List<String>>> readStubs(Path dir) {
        var all = new TreeMap<String, Map<String, List<String>>>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String step = file.getFileName().toString().replace(".txt", "");
                var byLabel = new HashMap<String, List<String>>();
                List<String> current = null;
                for (String line : Files.readAllLines(file)) {
                    Matcher heading = HEADING.matcher(line);
                    if (heading.matches()) {
                        current = new ArrayList<>();
                        byLabel.put(heading.group(1), current);
                    } else if (current != null) {
                        current.add(line);
                    }
                }
                byLabel.values().forEach(StarterGenerator::trimTrailingBlankLines);
                all.put(step, byLabel);
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return all;
    }

    private static void trimTrailingBlankLines(List<String> lines) {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
    }

    /**
     * {@code java StarterGenerator.java [--only STEP[,STEP]] [--out DIR]}, from the repository root: writes the
     * starter (every step reverted) to exercises/src/main, or only the named steps reverted to DIR.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        var generator = new StarterGenerator(root.resolve("exercises/starter/stubs"));
        Set<String> revert = generator.steps();
        Path out = root.resolve("exercises/src/main");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--only" -> revert = Set.of(args[i + 1].split(","));
                case "--out" -> out = Path.of(args[i + 1]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<Path, String> files = generator.generate(root.resolve("gateway/src/main"), revert);
        if (Files.exists(out)) {
            try (Stream<Path> old = Files.walk(out)) {
                for (Path path : old.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(path);
                }
            }
        }
        for (var file : files.entrySet()) {
            Path target = out.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        System.out.println("wrote " + files.size() + " files to " + out + " (reverted: "
                + String.join(", ", new TreeSet<>(revert)) + ")");
    }
}
