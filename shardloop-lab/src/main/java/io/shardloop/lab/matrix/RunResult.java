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
        BudgetCheck cores) {

    /** A run that failed before it measured anything. */
    public static RunResult failed(Workload workload, ModelKind model, int threads, int connections, String driver,
                                   String serverCpus, String clientCpus, String why) {
        return new RunResult(workload, model, threads, connections, driver, serverCpus, clientCpus, 0, 0, 0, Double.NaN,
                Latency.UNKNOWN, null, null, List.of(), 0, RunFigures.unknown(),
                new Diagnosis("failed", "failed: " + why, List.of()), why, null);
    }

    /** Server CPU microseconds per request (the peers' comparison figure). */
    public double serverMicrosPerRequest() {
        if (server == null || requests <= 0) {
            return Double.NaN;
        }
        return server.cpuSeconds() * 1e6 / requests;
    }

    /** Mean select share of the IO loops, NaN without loops. */
    public double selectShare() {
        return loops.stream().filter(LoopFigures::doesIo).mapToDouble(LoopFigures::selectShare).average().orElse(Double.NaN);
    }
}
