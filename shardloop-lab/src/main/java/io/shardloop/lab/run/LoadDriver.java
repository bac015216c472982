package io.shardloop.lab.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A load generator the lab can run as a child process: the project's own ({@code builtin}) or wrk. Stateless. */
public sealed interface LoadDriver permits BuiltinDriver, WrkDriver {

    /** What to run against the server; {@code host} is the address it dials (127.0.0.1 but across a link). */
    record Spec(Workload workload, String host, int port, int connections, int threads, Duration duration, Duration warmup) {

        public Spec(Workload workload, int port, int connections, int threads, Duration duration, Duration warmup) {
            this(workload, "127.0.0.1", port, connections, threads, duration, warmup);
        }

        /** The URL to load. */
        public String url() {
            return workload.url(host, port);
        }
    }

    String name();

    /** Whether it can drive this workload (wrk speaks HTTP only). */
    boolean supports(Workload workload);

    /** The commands to run one after the other (a warm-up may be a run of its own); output goes to {@code out}. */
    List<List<String>> commands(List<String> pin, Spec spec, Path out) throws IOException;

    /** Reads the outcome of the last command from {@code out} (and its log). */
    LoadOutcome outcome(Path out, Path log) throws IOException;

    static LoadDriver parse(String name) {
        return switch (name) {
            case "builtin" -> new BuiltinDriver();
            case "wrk" -> {
                if (!CpuSets.onPath("wrk")) {
                    throw new IllegalArgumentException("--driver wrk: wrk is not installed (on the PATH); use --driver builtin");
                }
                yield new WrkDriver();
            }
            default -> throw new IllegalArgumentException("--driver accepts builtin or wrk, got '" + name + "'");
        };
    }
}
