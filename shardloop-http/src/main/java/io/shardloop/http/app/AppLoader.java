package io.shardloop.http.app;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads a {@link ShardloopApp} from a jar in a class loader of its own (parent: the framework's), by class name or
 * through {@link ServiceLoader}. Every refusal is an {@link IllegalArgumentException} whose message says what was
 * expected. Stateless; any thread.
 */
public final class AppLoader {

    private AppLoader() {
    }

    /** The application in {@code jar}: {@code className} if not null, else the one service the jar declares. */
    public static ShardloopApp load(Path jar, String className) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("accepts a jar file, got '" + jar + "' (no such file)");
        }
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("accepts a jar file, got '" + jar + "' (" + e.getMessage() + ")");
        }
        // not closed: the application's classes load lazily for as long as it runs
        var loader = new URLClassLoader(new URL[]{url}, AppLoader.class.getClassLoader());
        return className != null ? byName(loader, className, jar) : byService(loader, jar);
    }

    private static ShardloopApp byName(ClassLoader loader, String className, Path jar) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--app-class accepts a class in " + jar + ", got '" + className
                    + "' (" + e + ")");
        }
        if (!ShardloopApp.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("--app-class accepts a class that implements "
                    + ShardloopApp.class.getName() + ", got '" + className + "'");
        }
        try {
            return (ShardloopApp) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--app-class accepts a class with a public no-argument constructor, got '"
                    + className + "' (" + (e.getCause() != null ? e.getCause() : e) + ")");
        }
    }

    private static ShardloopApp byService(ClassLoader loader, Path jar) {
        var found = new ArrayList<ShardloopApp>();
        try {
            for (var provider : ServiceLoader.load(ShardloopApp.class, loader).stream().toList()) {
                // only the jar's own: the parent's class path may declare others
                if (provider.type().getClassLoader() == loader) {
                    found.add(provider.get());
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("--app-jar: " + jar + " declares an application that cannot be made: "
                    + e.getMessage());
        }
        return switch (found.size()) {
            case 1 -> found.getFirst();
            case 0 -> throw new IllegalArgumentException("--app-jar accepts a jar that names its application in "
                    + "META-INF/services/" + ShardloopApp.class.getName() + ", got '" + jar
                    + "' (none there; or name it with --app-class)");
            default -> throw new IllegalArgumentException("--app-jar: " + jar + " declares " + found.size()
                    + " applications (" + found.stream().map(a -> a.getClass().getName()).toList()
                    + "); pick one with --app-class");
        };
    }

    /** The application classes the jar declares for {@link ServiceLoader}, read without loading them. */
    public static java.util.List<String> declaredApps(Path jar) throws IOException {
        var text = resource(jar, "META-INF/services/" + ShardloopApp.class.getName());
        if (text == null) {
            return java.util.List.of();
        }
        return text.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    /** The jar's default requests ({@link ShardloopApp#DEFAULT_REQUESTS}), or null when it names none. */
    public static String defaultRequests(Path jar) throws IOException {
        return resource(jar, ShardloopApp.DEFAULT_REQUESTS);
    }

    /** The jar's default advise workload ({@link ShardloopApp#DEFAULT_WORKLOAD}) as text, or null when it names none. */
    public static String defaultWorkload(Path jar) throws IOException {
        return resource(jar, ShardloopApp.DEFAULT_WORKLOAD);
    }

    private static String resource(Path jar, String name) throws IOException {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            var entry = zip.getEntry(name);
            if (entry == null) {
                return null;
            }
            try (var in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }
}
