package io.shardloop.lab.advise;

import io.shardloop.http.app.ShardloopApp;
import io.shardloop.model.ModelKind;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/** Compiles Java sources against the framework's classes (core and http) with javax.tools, and jars them. */
public final class Javac {

    private Javac() {
    }

    /** The framework's class folders or jars: where ShardloopApp (http) and ModelKind (core) were loaded from. */
    static String frameworkClassPath(Path... more) {
        var parts = new ArrayList<String>();
        for (var type : List.of(ShardloopApp.class, ModelKind.class)) {
            try {
                parts.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        for (var p : more) {
            parts.add(p.toString());
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** Compiles {@code sources} (class name to source) into {@code out}; returns javac's messages, empty when clean. */
    public static String compile(Map<String, String> sources, Path out, Path... classPath) throws IOException {
        var src = Files.createDirectories(out.resolveSibling(out.getFileName() + "-src"));
        var files = new ArrayList<String>();
        for (var e : sources.entrySet()) {
            var file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
            files.add(file.toString());
        }
        Files.createDirectories(out);
        var args = new ArrayList<>(List.of("-d", out.toString(), "-cp", frameworkClassPath(classPath), "-proc:none"));
        args.addAll(files);
        var messages = new StringWriter();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), new WriterStream(messages), args.toArray(String[]::new));
        return rc == 0 ? "" : messages.toString().isEmpty() ? "javac exited " + rc : messages.toString();
    }

    /** A jar of {@code classes} plus {@code resources} (jar path to text). */
    public static Path jar(Path classes, Map<String, String> resources, Path jar) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(jar)); var walk = Files.walk(classes)) {
            for (var p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            for (var e : resources.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** javac's err stream into a StringWriter. */
    private static final class WriterStream extends java.io.OutputStream {
        private final StringWriter w;

        WriterStream(StringWriter w) {
            this.w = w;
        }

        @Override
        public void write(int b) {
            w.write(b);
        }
    }
}
