package io.shardloop.testkit;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between the packages of compiled classes, read from their constant pools with the JDK's
 * ClassFile API (every class a class names, in signatures, code and annotations alike), and the cycles among them.
 * One thread.
 */
public final class PackageGraph {

    /** package -> package it uses -> one class edge that shows it ("a.B -> c.D"). */
    private final Map<String, Map<String, String>> edges = new TreeMap<>();
    private final String prefix;
    /** A class type inside a descriptor or signature: {@code Lio/shardloop/x/Y;} or {@code Lio/shardloop/x/Y<}. */
    private static final Pattern TYPE = Pattern.compile("L([\\w/$]+)[;<]");

    /** A graph of the packages under {@code prefix} (e.g. "io.shardloop."). */
    public PackageGraph(String prefix) {
        this.prefix = prefix;
    }

    /** Adds the classes of the directory or jar that holds {@code anchor}. */
    public PackageGraph addCodeSourceOf(Class<?> anchor) throws IOException {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (Files.isDirectory(root)) {
            return addTree(root);
        }
        try (var jar = FileSystems.newFileSystem(root)) {
            return addTree(jar.getPath("/"));
        }
    }

    /** Adds every .class file under {@code root}. */
    public PackageGraph addTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                add(Files.readAllBytes(file));
            }
        }
        return this;
    }

    /** Adds the edges of one class file. */
    public void add(byte[] classFile) {
        var model = ClassFile.of().parse(classFile);
        var self = model.thisClass().asInternalName().replace('/', '.');
        if (!self.startsWith(prefix)) {
            return;
        }
        var from = pkg(self);
        var uses = edges.computeIfAbsent(from, k -> new TreeMap<>());
        for (var entry : model.constantPool()) {
            var names = switch (entry) {
                // a class the code names (new, calls, casts, catch), or an array of them
                case ClassEntry c when !c.asInternalName().startsWith("[") -> Stream.of(c.asInternalName());
                // descriptors and generic signatures: field, parameter and return types, type arguments
                case ClassEntry c -> descriptorClasses(c.asInternalName());
                case Utf8Entry u -> descriptorClasses(u.stringValue());
                default -> Stream.<String>empty();
            };
            names.map(n -> n.replace('/', '.'))
                    .filter(n -> n.startsWith(prefix) && !pkg(n).equals(from))
                    .forEach(n -> uses.putIfAbsent(pkg(n), self + " -> " + n));
        }
    }

    private static Stream<String> descriptorClasses(String text) {
        return TYPE.matcher(text).results().map(m -> m.group(1));
    }

    /** Each group of packages that reach one another (a strongly connected component of two or more). */
    public List<Set<String>> cycles() {
        return new Tarjan().run();
    }

    /** The class edges inside one cycle, to say where it comes from. */
    public List<String> evidence(Set<String> cycle) {
        var out = new ArrayList<String>();
        for (var from : cycle) {
            edges.getOrDefault(from, Map.of()).forEach((to, why) -> {
                if (cycle.contains(to)) out.add(from + " -> " + to + " (" + why + ")");
            });
        }
        return out;
    }

    public Set<String> packages() {
        return edges.keySet();
    }

    /** The packages {@code from} uses, each with one class edge that shows it. */
    public Map<String, String> uses(String from) {
        return edges.getOrDefault(from, Map.of());
    }

    private static String pkg(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** Tarjan's strongly connected components over {@link #edges}. */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> out = new ArrayList<>();

        List<Set<String>> run() {
            for (var p : edges.keySet()) {
                if (!index.containsKey(p)) visit(p);
            }
            return out;
        }

        private void visit(String p) {
            index.put(p, index.size());
            low.put(p, index.get(p));
            stack.push(p);
            onStack.add(p);
            for (var q : edges.getOrDefault(p, Map.of()).keySet()) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                var scc = new TreeSet<String>();
                String q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    scc.add(q);
                } while (!q.equals(p));
                if (scc.size() > 1) out.add(scc);
            }
        }
    }
}
