package course.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Students read the gateway package by package, from the pipeline down; that only works while no package imports
 * one that imports it back (directly or through others). This reads the import lines of the gateway's sources and
 * fails naming the packages of any circle and the files whose imports close it.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "course.gateway";
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(course\\.gateway\\.[\\w.]+);",
            Pattern.MULTILINE);

    /** Package to the packages it imports, and for each such edge the files that make it. */
    private final Map<String, Set<String>> imports = new TreeMap<>();
    private final Map<String, Set<String>> edgeFiles = new TreeMap<>();

    @Test
    void noPackageImportsOneThatImportsItBack() throws IOException {
        readImports();
        List<Set<String>> circles = new Circles(imports).find();
        var explained = new ArrayList<String>();
        for (Set<String> circle : circles) {
            var files = new TreeSet<String>();
            for (String from : circle) {
                for (String to : imports.getOrDefault(from, Set.of())) {
                    if (circle.contains(to)) {
                        files.addAll(edgeFiles.get(from + " -> " + to));
                    }
                }
            }
            explained.add(circle + " through " + files);
        }
        assertEquals(List.of(), explained, "packages that import each other, directly or through others");
    }

    @Test
    void theCheckSeesACircle() {
        imports.put("a", Set.of("b"));
        imports.put("b", Set.of("c"));
        imports.put("c", Set.of("a"));
        imports.put("d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), new Circles(imports).find());
    }

    private void readImports() throws IOException {
        Path root = SOURCES.resolve(ROOT.replace('.', '/'));
        assertTrue(Files.isDirectory(root), "run from the gateway module: " + root.toAbsolutePath());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String to = packageOf(m.group(1));
                    if (!to.equals(from)) {
                        imports.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                        edgeFiles.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>())
                                .add(root.relativize(file).toString());
                    }
                }
            }
        }
    }

    /** The package part of an imported name: its leading lower-case segments. */
    private static String packageOf(String imported) {
        var parts = new ArrayList<String>();
        for (String part : imported.split("\\.")) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            parts.add(part);
        }
        return String.join(".", parts);
    }

    /** Strongly connected components of more than one package (Tarjan's algorithm). */
    private static final class Circles {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<Set<String>> found = new ArrayList<>();

        Circles(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> find() {
            for (String node : graph.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            return found;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.add(node);
            for (String next : graph.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (stack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                var component = new TreeSet<String>();
                String top;
                do {
                    top = stack.remove(stack.size() - 1);
                    component.add(top);
                } while (!top.equals(node));
                if (component.size() > 1) {
                    found.add(component);
                }
            }
        }
    }
}
