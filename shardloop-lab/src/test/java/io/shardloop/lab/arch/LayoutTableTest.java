package io.shardloop.lab.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Layout table tells the truth: it has one row per module of the build, and each row names exactly
 * the packages that module's sources have. The rule, precisely:
 * <ul>
 *   <li><b>Modules</b> are the {@code <module>} entries of the root {@code pom.xml}. A module whose own
 *       {@code pom.xml} lists modules (an aggregator, such as {@code examples}) is one row named {@code NAME/*},
 *       whose packages are those of all its modules together.</li>
 *   <li><b>A module's packages</b> are the folders under its {@code src/main/java} that hold at least one
 *       {@code .java} file other than {@code module-info.java}, written as Java package names without the
 *       {@code io.shardloop.} prefix ({@code io/shardloop/http/admin} is {@code http.admin}).</li>
 *   <li>A package named {@code internal}, and every package below one, is left out: those are a module's unexported
 *       rooms (core's {@code model.internal}, {@code transport.internal} and the packages under it), which may be
 *       split or renamed without the table changing. Any other package added or removed must change the table.</li>
 *   <li><b>The table</b> is the first Markdown table after the README's {@code ## Layout} heading: its first column
 *       is the module in backticks, its second the packages, each in backticks, separated by commas.</li>
 * </ul>
 * The README is read from the repository root: the nearest folder holding {@code mvnw}, walking up from the working
 * directory. Reads files only; holds no state.
 */
class LayoutTableTest {

    private static final String PREFIX = "io.shardloop.";
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<]+?)\\s*</module>");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void readmeLayoutTableNamesEveryModuleAndItsPackages() {
        var root = repositoryRoot(Path.of("").toAbsolutePath());
        var tree = modules(root);
        assertThat(tree).containsKeys("shardloop-core", "shardloop-lab");
        assertThat(differences(table(root.resolve("README.md")), tree))
                .as("README.md's Layout table against the source tree (" + root + ")")
                .isEmpty();
    }

    @Test
    void aPackageAddedOrRemovedWithoutTheTableFails(@TempDir Path dir) throws IOException {
        // the checker itself, on a small repository: one library module and an aggregator of two
        Files.writeString(dir.resolve("mvnw"), "");
        Files.writeString(dir.resolve("pom.xml"), "<modules><module>lib</module><module>apps</module></modules>");
        Files.createDirectories(dir.resolve("apps"));
        Files.writeString(dir.resolve("apps/pom.xml"), """
                <modules>
                  <module>one</module>
                  <module>two</module>
                </modules>""");
        source(dir, "lib/src/main/java/module-info.java");
        source(dir, "lib/src/main/java/io/shardloop/core/A.java");
        source(dir, "lib/src/main/java/io/shardloop/core/internal/B.java");
        source(dir, "lib/src/main/java/io/shardloop/core/internal/epoll/C.java");
        Files.createDirectories(dir.resolve("lib/src/main/java/io/shardloop/empty"));
        source(dir, "apps/one/src/main/java/io/shardloop/examples/One.java");
        source(dir, "apps/two/src/main/java/io/shardloop/examples/Two.java");
        Files.writeString(dir.resolve("README.md"), """
                # X
                ## Layout

                | module | packages | what |
                |---|---|---|
                | `lib` | `core` | the library |
                | `apps/*` | `examples` | the apps |

                After the table.
                """);
        var readme = dir.resolve("README.md");
        assertThat(repositoryRoot(dir.resolve("lib/src/main/java"))).isEqualTo(dir);
        assertThat(differences(table(readme), modules(dir))).isEmpty();

        source(dir, "lib/src/main/java/io/shardloop/core/internal/nio/D.java"); // an internal room: no change
        assertThat(differences(table(readme), modules(dir))).isEmpty();

        source(dir, "lib/src/main/java/io/shardloop/core/tls/E.java");
        assertThat(differences(table(readme), modules(dir))).singleElement().asString()
                .contains("lib", "core.tls", "not in the table");

        Files.delete(dir.resolve("lib/src/main/java/io/shardloop/core/tls/E.java"));
        Files.delete(dir.resolve("lib/src/main/java/io/shardloop/core/A.java"));
        assertThat(differences(table(readme), modules(dir))).singleElement().asString()
                .contains("lib", "core", "not in the tree");

        source(dir, "lib/src/main/java/io/shardloop/core/A.java");
        Files.writeString(dir.resolve("pom.xml"), "<modules><module>lib</module></modules>");
        assertThat(differences(table(readme), modules(dir))).singleElement().asString()
                .contains("apps/*", "not a module");
    }

    /** The nearest folder at or above {@code start} that holds {@code mvnw}. */
    static Path repositoryRoot(Path start) {
        for (var dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder holding mvnw at or above " + start);
    }

    /** Row name to packages, from the build's poms and source folders (the rule in the class comment). */
    static SortedMap<String, SortedSet<String>> modules(Path root) {
        var rows = new TreeMap<String, SortedSet<String>>();
        for (var module : moduleNames(root.resolve("pom.xml"))) {
            var dir = root.resolve(module);
            var children = moduleNames(dir.resolve("pom.xml"));
            if (children.isEmpty()) {
                rows.put(module, packages(dir.resolve("src/main/java")));
            } else {
                var union = new TreeSet<String>();
                children.forEach(child -> union.addAll(packages(dir.resolve(child).resolve("src/main/java"))));
                rows.put(module + "/*", union);
            }
        }
        return rows;
    }

    /** Row name to packages, as the README's Layout table says. */
    static SortedMap<String, SortedSet<String>> table(Path readme) {
        var rows = new TreeMap<String, SortedSet<String>>();
        var lines = read(readme).lines().toList();
        int at = lines.indexOf("## Layout");
        assertThat(at).as("a '## Layout' heading in " + readme).isNotNegative();
        int row = 0;
        for (var line : lines.subList(at + 1, lines.size())) {
            if (!line.startsWith("|")) {
                if (row > 0) {
                    break; // the table ended
                }
                continue;
            }
            if (row++ < 2) {
                continue; // header and separator
            }
            var cells = line.split("\\|", -1);
            var packages = new TreeSet<String>();
            for (var code : cells[2].split(",")) {
                packages.add(code(code.strip(), line));
            }
            rows.put(code(cells[1].strip(), line), packages);
        }
        assertThat(rows).as("rows of the Layout table in " + readme).isNotEmpty();
        return rows;
    }

    /** One line per row where the table and the tree differ; empty when they agree. */
    static List<String> differences(Map<String, SortedSet<String>> table, Map<String, SortedSet<String>> tree) {
        var out = new ArrayList<String>();
        var names = new TreeSet<>(table.keySet());
        names.addAll(tree.keySet());
        for (var name : names) {
            if (!tree.containsKey(name)) {
                out.add(name + ": in the table, but not a module of the build");
            } else if (!table.containsKey(name)) {
                out.add(name + ": a module of the build (packages " + tree.get(name) + "), not in the table");
            } else {
                var added = new TreeSet<>(tree.get(name));
                added.removeAll(table.get(name));
                var gone = new TreeSet<>(table.get(name));
                gone.removeAll(tree.get(name));
                if (!added.isEmpty() || !gone.isEmpty()) {
                    out.add(name + ": packages in the tree, not in the table " + added
                            + "; in the table, not in the tree " + gone);
                }
            }
        }
        return out;
    }

    private static List<String> moduleNames(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return List.of();
        }
        return MODULE.matcher(read(pom)).results().map(m -> m.group(1)).toList();
    }

    private static SortedSet<String> packages(Path sources) {
        var found = new TreeSet<String>();
        if (!Files.isDirectory(sources)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java"))
                    .map(f -> sources.relativize(f.getParent()).toString().replace(File.separatorChar, '.'))
                    .filter(name -> Arrays.stream(name.split("\\.")).noneMatch("internal"::equals))
                    .map(name -> name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name)
                    .forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static String code(String cell, String line) {
        var m = CODE.matcher(cell);
        assertThat(m.matches()).as("one `name` per cell, in: " + line).isTrue();
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void source(Path root, String file) throws IOException {
        var path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "// test source\n");
    }
}
