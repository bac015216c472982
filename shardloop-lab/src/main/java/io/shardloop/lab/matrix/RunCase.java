package io.shardloop.lab.matrix;

import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;

/**
 * One cell of the matrix and the settings it runs under: what {@link RunMeasurement} needs to turn samples into a
 * {@link RunResult}, known before anything runs. Immutable.
 *
 * @param driver   the load generator that drives this workload ({@code builtin} where wrk cannot)
 * @param ceiling  the path's calibrated message rate for this workload, NaN if not calibrated
 * @param offload  the worker models' executor and inline policy
 */
public record RunCase(Workload workload, ModelKind model, int threads, int connections, String driver, CpuSets cpus,
                      double ceiling, Offload offload) {

    public RunCase(Workload workload, ModelKind model, int threads, int connections, String driver, CpuSets cpus,
                   double ceiling) {
        this(workload, model, threads, connections, driver, cpus, ceiling, Offload.DEFAULT);
    }

    /** The run's name in log file names, e.g. {@code http-keepalive-main-sub-t2}. */
    public String name() {
        return workload + "-" + model + "-t" + threads + offload.suffix();
    }
}
