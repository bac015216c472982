package io.shardloop.lab.matrix;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.shardloop.lab.cores.BudgetCheck;
import io.shardloop.lab.diagnosis.Diagnosis;
import io.shardloop.lab.diagnosis.RunFigures;
import io.shardloop.lab.run.Latency;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import java.util.List;

/**
 * Everything measured in one run of the matrix (one model, thread count and workload), kept whole in
 * results.json (workload and model by their CLI names); {@link MatrixReport} flattens it into rows.
 *
 * @param latencyMicros  p50, p90, p99, p99.9, max of the load generator's latency histogram
 * @param server         the server process over the window (per thread and per role), null if unmeasured
 * @param client         the load generator process over the window, null if unmeasured
 * @param loops          per loop, from the admin /stats (empty for connection-thread models or without /stats)
 * @param failure        why the run produced no figures, or null
 * @param cores          with {@code --emulate-cores}: whether each emulated core's budget held, else null
 * @param offload        the worker models' executor and inline policy ({@link Offload#DEFAULT} in the lab)
 */
public record RunResult(
        @JsonSerialize(using = ToStringSerializer.class) Workload workload,
        @JsonSerialize(using = ToStringSerializer.class) ModelKind model,
        int threads,
        int connections,
        String driver,
        String serverCpus,
        String clientCpus,
        double seconds,
        long requests,
        long errors,
        double requestsPerSecond,
        Latency latencyMicros,
        ProcessFigures server,
        ProcessFigures client,
        List<LoopFigures> loops,
        long threadsCreated,
        RunFigures figures,
        Diagnosis diagnosis,
        String failure,
        BudgetCheck cores,
        Offload offload) {

    /** A run with serve's default executor and inline policy. */
    public RunResult(Workload workload, ModelKind model, int threads, int connections, String driver,
                     String serverCpus, String clientCpus, double seconds, long requests, long errors,
                     double requestsPerSecond, Latency latencyMicros, ProcessFigures server, ProcessFigures client,
                     List<LoopFigures> loops, long threadsCreated, RunFigures figures, Diagnosis diagnosis,
                     String failure, BudgetCheck cores) {
        this(workload, model, threads, connections, driver, serverCpus, clientCpus, seconds, requests, errors,
                requestsPerSecond, latencyMicros, server, client, loops, threadsCreated, figures, diagnosis, failure,
                cores, Offload.DEFAULT);
    }

    /** A run that failed before it measured anything. */
    public static RunResult failed(Workload workload, ModelKind model, int threads, int connections, String driver,
                                   String serverCpus, String clientCpus, String why) {
        return failed(workload, model, threads, connections, driver, serverCpus, clientCpus, why, Offload.DEFAULT);
    }

    /** A run that failed before it measured anything, in {@code offload}. */
    public static RunResult failed(Workload workload, ModelKind model, int threads, int connections, String driver,
                                   String serverCpus, String clientCpus, String why, Offload offload) {
        return new RunResult(workload, model, threads, connections, driver, serverCpus, clientCpus, 0, 0, 0, Double.NaN,
                Latency.UNKNOWN, null, null, List.of(), 0, RunFigures.unknown(),
                new Diagnosis("failed", "failed: " + why, List.of()), why, null, offload);
    }

    /**
     * Server CPU microseconds per request, every thread but the JIT's compilers: compiling is what the warm-up had
     * not finished, not what the model costs, and it took 10-50% of a window's CPU after a wait (2026-12-07); its
     * share is in the row's noise.
     */
    public double serverMicrosPerRequest() {
        if (server == null || requests <= 0) {
            return Double.NaN;
        }
        return Math.max(0, server.cpuSeconds() - server.jitPercent() / 100 * server.seconds()) * 1e6 / requests;
    }

    /** Mean select share of the IO loops, NaN without loops. */
    public double selectShare() {
        return loops.stream().filter(LoopFigures::doesIo).mapToDouble(LoopFigures::selectShare).average().orElse(Double.NaN);
    }
}
