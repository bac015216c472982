package io.shardloop.lab.advise;

import io.shardloop.http.app.ShardloopApp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A tiny application jar for the tests, compiled on the fly: {@code GET /ok} answers at once, {@code GET /slow}
 * sleeps 2 ms (a blocking call), {@code GET /boom} throws. Its default requests are a 3:1 mix of /ok and /slow.
 * Its start prints {@code tiny: load cpus = X}, X the lab's {@link ShardloopApp#LOAD_CPUS_ENV} (null when unset).
 */
public final class TinyApp {

    public static final String CLASS = "tiny.TinyApp";

    private static final String SOURCE = """
            package tiny;

            import io.shardloop.http.Response;
            import io.shardloop.http.router.Router;

            public final class TinyApp implements io.shardloop.http.app.ShardloopApp {
                public static volatile boolean started;

                @Override
                public void start() {
                    started = true;
                    System.out.println("tiny: load cpus = " + System.getenv(LOAD_CPUS_ENV));
                }

                @Override
                public Router routes() {
                    return Router.builder()
                            .get("/ok", r -> Response.text("ok"))
                            .get("/slow", r -> {
                                try {
                                    Thread.sleep(2);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return Response.text("slow");
                            })
                            .get("/boom", r -> {
                                throw new IllegalStateException("boom");
                            })
                            .build();
                }
            }
            """;

    /** Its default workload: a generous objective, since the end-to-end tests check the machinery, not figures. */
    public static final String WORKLOAD = "# tiny's workload\nconnections = 8\nslo-p99 = 5s\n";

    private TinyApp() {
    }

    /** Builds the jar under {@code dir}. */
    public static Path jar(Path dir) throws IOException {
        return jar(dir, WORKLOAD);
    }

    /** Builds the jar under {@code dir} with {@code workload} as its workload resource. */
    public static Path jar(Path dir, String workload) throws IOException {
        var classes = dir.resolve("tiny-classes");
        var messages = Javac.compile(Map.of(CLASS, SOURCE), classes);
        if (!messages.isEmpty()) {
            throw new IllegalStateException(messages);
        }
        return Javac.jar(classes, Map.of(
                "META-INF/services/" + ShardloopApp.class.getName(), CLASS + "\n",
                ShardloopApp.DEFAULT_REQUESTS, "# tiny's defaults\n3x GET /ok\n1x GET /slow\n",
                ShardloopApp.DEFAULT_WORKLOAD, workload), dir.resolve("tiny.jar"));
    }
}
