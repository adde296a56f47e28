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
 * Makes the student's starter from the reference gateway, so the two can never drift apart. A step's solution is
 * left out of the starter in one of two grains:
 *
 * <ul>
 *   <li>A whole file, for a step's core (its algorithm, its state): {@code exercises/starter/stubs/STEP/PATH}
 *       replaces {@code gateway/src/main/PATH}, e.g. {@code stubs/2-rate-limit/java/course/gateway/ratelimit/
 *       InMemoryRateLimiter.java}. The stub keeps the public signatures and Javadoc contracts, and its bodies
 *       refuse with the step's "not done yet" answer; nothing of the reference's private design is left in it. An
 *       empty stub leaves the file out of the starter altogether (a helper class of one possible design).</li>
 *   <li>A region, for a method body inside code that is given: in {@code gateway/src/main} it sits between
 * <pre>
 *     // step:2-rate-limit begin handle
 *     ...the solution...
 *     // step:2-rate-limit end
 * </pre>
 *       and {@code exercises/starter/stubs/2-rate-limit.txt} holds what the starter has instead, under a heading
 *       {@code ### handle}: a {@code // TODO(step 2): ...} comment and just enough code to compile.</li>
 * </ul>
 *
 * Everything else is copied as it is, except that imports only the solution used are dropped.
 *
 * <p>Run {@code java exercises/src/test/java/course/starter/StarterGenerator.java} from the repository root to
 * rewrite {@code exercises/src/main}. It refuses while {@code exercises/src/main} holds changes that are not
 * committed (a student's work, say) unless given {@code --force}. {@code StarterUpToDateTest} (maintainer profile)
 * fails when the committed starter differs. The same generator, asked to revert only some steps, makes the
 * variants that prove each graded test can fail.
 */
public final class StarterGenerator {
    private static final Pattern BEGIN = Pattern.compile("^(\\s*)// step:([a-z0-9-]+) begin (\\S+)\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// step:([a-z0-9-]+) end\\s*$");
    private static final Pattern HEADING = Pattern.compile("^### (\\S+)\\s*$");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?[\\w.]+\\.(\\w+);\\s*$");

    private final Map<String, Map<String, List<String>>> stubs;
    /** Whole-file stubs: step id, then path relative to gateway/src/main, then the stub's text. */
    private final Map<String, Map<Path, String>> fileStubs;

    /** @param stubsDir the folder of {@code <step>.txt} region stubs and {@code <step>/} whole-file stubs */
    public StarterGenerator(Path stubsDir) {
        this.stubs = readStubs(stubsDir);
        this.fileStubs = readFileStubs(stubsDir);
    }

    /** The step ids that have stubs, such as {@code 2-rate-limit}. */
    public Set<String> steps() {
        var steps = new TreeSet<>(stubs.keySet());
        steps.addAll(fileStubs.keySet());
        return steps;
    }

    /** The whole-file stubs of every step, by path relative to gateway/src/main. */
    public Map<Path, String> fileStubOwners() {
        var owners = new TreeMap<Path, String>();
        fileStubs.forEach((step, files) -> files.keySet().forEach(path -> owners.put(path, step)));
        return owners;
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
                String wholeFile = wholeFileStub(relative, revert);
                if (wholeFile != null && wholeFile.isEmpty()) {
                    continue; // an empty stub leaves the file out: the student designs that part from scratch
                } else if (wholeFile != null) {
                    files.put(relative, wholeFile);
                } else {
                    files.put(relative, file.toString().endsWith(".java") ? transform(relative, text, revert) : text);
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return files;
    }

    private String wholeFileStub(Path relative, Set<String> revert) {
        for (String step : revert) {
            String stub = fileStubs.getOrDefault(step, Map.of()).get(relative);
            if (stub != null) {
                return stub;
            }
        }
        return null;
    }

    /**
     * One file's text with its regions handled (and, where a region was reverted, the imports only the solution
     * used dropped); throws on unbalanced or unknown markers, naming the place.
     */
    String transform(Path file, String text, Set<String> revert) {
        var out = new StringBuilder();
        boolean reverted = false;
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
            reverted |= revert.contains(step);
            List<String> replacement = revert.contains(step)
                    ? stub.stream().map(line -> line.isEmpty() ? "" : indent + line).toList()
                    : List.of(lines).subList(i + 1, end);
            for (String line : replacement) {
                out.append(line).append("\n");
            }
            i = end;
        }
        return reverted ? withoutUnusedImports(out.toString()) : out.toString();
    }

    /** Drops each import whose simple name the rest of the file never mentions. */
    static String withoutUnusedImports(String text) {
        String[] lines = text.split("\n", -1);
        var body = new StringBuilder();
        for (String line : lines) {
            if (!IMPORT.matcher(line).matches()) {
                body.append(line).append('\n');
            }
        }
        var kept = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            Matcher imported = IMPORT.matcher(lines[i]);
            if (imported.matches() && !Pattern.compile("\\b" + imported.group(2) + "\\b").matcher(body).find()) {
                continue;
            }
            kept.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
        }
        return kept.toString();
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

    private static Map<String, Map<Path, String>> readFileStubs(Path dir) {
        var all = new TreeMap<String, Map<Path, String>>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path stepDir : entries.filter(Files::isDirectory).sorted().toList()) {
                var files = new TreeMap<Path, String>();
                try (Stream<Path> walk = Files.walk(stepDir)) {
                    for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                        files.put(stepDir.relativize(file), Files.readString(file));
                    }
                }
                all.put(stepDir.getFileName().toString(), files);
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
     * {@code java StarterGenerator.java [--only STEP[,STEP]] [--out DIR] [--force]}, from the repository root:
     * writes the starter (every step reverted) to exercises/src/main, or only the named steps reverted, or to DIR.
     * Refuses to overwrite exercises/src/main while it holds uncommitted changes, unless {@code --force}.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        var generator = new StarterGenerator(root.resolve("exercises/starter/stubs"));
        Set<String> revert = generator.steps();
        Path out = root.resolve("exercises/src/main");
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> revert = Set.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                case "--force" -> force = true;
                default -> {
                    System.err.println("StarterGenerator: unknown option " + args[i]
                            + "; usage: [--only STEP[,STEP]] [--out DIR] [--force]");
                    System.exit(2);
                }
            }
        }
        if (!force && out.equals(root.resolve("exercises/src/main"))) {
            String refusal = WorkGuard.refusal(root, "exercises/src/main");
            if (refusal != null) {
                System.err.println(refusal);
                System.exit(1);
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

    /**
     * Whether writing the starter would destroy work: a nested class, since the generator runs as a single-file
     * program. Work is anything under the folder that git sees as changed or new; without git there is no telling.
     */
    static final class WorkGuard {
        private WorkGuard() {}

        /** Why {@code folder} must not be overwritten, student first; null when it holds nothing uncommitted. */
        static String refusal(Path root, String folder) throws IOException, InterruptedException {
            List<String> changed;
            try {
                Process git = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=all", "--", folder)
                        .directory(root.toFile()).redirectErrorStream(true).start();
                changed = new String(git.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();
                if (git.waitFor() != 0) {
                    return notGit(folder);
                }
            } catch (IOException noGit) {
                return notGit(folder);
            }
            if (changed.isEmpty()) {
                return null;
            }
            return "StarterGenerator: not writing " + folder + ": " + changed.size() + " file(s) there differ from"
                    + " the committed starter, e.g.\n    " + String.join("\n    ", changed.stream().limit(5).toList())
                    + "\nStudents: you never need this command, and your work has not been touched. Grade it with"
                    + " ./grade.sh.\nMaintainers: commit or stash those changes first, or pass --force to overwrite"
                    + " them.";
        }

        private static String notGit(String folder) {
            return "StarterGenerator: not writing " + folder + ": this is not a git checkout, so there is no telling"
                    + " whether it holds someone's work.\nStudents: you never need this command; grade your work with"
                    + " ./grade.sh.\nMaintainers: pass --force to overwrite it (the grading guards do, in a scratch"
                    + " copy).";
        }
    }
}
