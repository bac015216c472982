package io.shardloop.http.admin;

import java.util.List;

/**
 * The admin endpoints' libraries (Jackson for /stats, the Prometheus client for /metrics) are optional dependencies
 * of shardloop-http, so that a program serving HTTP pulls core and http alone. Asking for the admin endpoints
 * without them fails here, at start, with what to add, instead of a {@link NoClassDefFoundError} at the first
 * request.
 */
public final class AdminDependencies {

    private record Library(String probeClass, String coordinates) {
    }

    private static final List<Library> LIBRARIES = List.of(
            new Library("com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core:jackson-databind"),
            new Library("io.prometheus.metrics.model.snapshots.MetricSnapshots", "io.prometheus:prometheus-metrics-model"),
            new Library("io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter",
                    "io.prometheus:prometheus-metrics-exposition-textformats"));

    private AdminDependencies() {
    }

    /** Throws {@link IllegalStateException} naming every missing library (Maven coordinates) if any is missing. */
    public static void require() {
        var missing = missing(AdminDependencies.class.getClassLoader());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the admin endpoints (/stats, /metrics) need " + String.join(", ", missing)
                    + " on the class path (optional dependencies of shardloop-http): add them, or leave the admin"
                    + " port off and admin isolation on");
        }
    }

    /** The coordinates of the libraries {@code loader} cannot see; empty when all are there. */
    static List<String> missing(ClassLoader loader) {
        return LIBRARIES.stream().filter(l -> !visible(l.probeClass(), loader)).map(Library::coordinates).toList();
    }

    private static boolean visible(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
