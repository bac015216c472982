package io.shardloop.lab.matrix;

import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code shardloop lab} runs: every workload x model x thread count, with one set of load settings.
 *
 * @param serverJvmOptions  options for the server's JVM (default {@code -XX:+UseParallelGC})
 * @param profile           record a flame graph of each run's server with async-profiler
 * @param ceilings          the path's calibrated message rate per workload (from {@code lab ceiling}), may be empty
 * @param transport         the loop models' transport ({@code serve --transport})
 */
public record MatrixPlan(
        List<ModelKind> models,
        List<Integer> threads,
        List<Workload> workloads,
        int connections,
        Duration duration,
        Duration warmup,
        LoadDriver driver,
        CpuSets cpus,
        Path out,
        List<String> serverJvmOptions,
        boolean profile,
        java.util.Map<Workload, Double> ceilings,
        io.shardloop.transport.TransportKind transport) {

    public int runs() {
        return models.size() * threads.size() * workloads.size();
    }

    /** A rough wall time per run for the first ETA: two JVM starts, warm-up, window, teardown. */
    public Duration plannedPerRun() {
        return duration.plus(warmup).plusMillis(2_500);
    }
}
