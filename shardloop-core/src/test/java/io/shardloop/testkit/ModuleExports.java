package io.shardloop.testkit;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiled module descriptor of the module that holds a class, read from its jar or its classes directory
 * (the tests run on the class path, where {@code Class.getModule()} is unnamed). One thread.
 */
public record ModuleExports(ModuleDescriptor descriptor) {

    /** The descriptor of the module whose code source holds {@code anchor}. */
    public static ModuleExports of(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        var found = ModuleFinder.of(root).findAll();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one module descriptor at " + root + ", found " + found.size());
        }
        return new ModuleExports(found.iterator().next().descriptor());
    }

    /** The packages exported to every module. */
    public Set<String> exportedToAll() {
        var out = new TreeSet<String>();
        descriptor.exports().stream().filter(e -> !e.isQualified()).map(Exports::source).forEach(out::add);
        return out;
    }

    /** Each qualified export as "package to module, module". */
    public Set<String> qualified() {
        var out = new TreeSet<String>();
        descriptor.exports().stream().filter(Exports::isQualified)
                .map(e -> e.source() + " to " + String.join(", ", new TreeSet<>(e.targets()))).forEach(out::add);
        return out;
    }

    /** The module's packages that nobody outside it may read: not exported, qualified or not. */
    public Set<String> hidden() {
        var out = new TreeSet<>(descriptor.packages());
        descriptor.exports().forEach(e -> out.remove(e.source()));
        return out;
    }
}
