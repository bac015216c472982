package io.shardloop.lab.matrix;

import io.shardloop.lab.cores.CoreEmulation;
import io.shardloop.lab.link.Link;
import io.shardloop.lab.link.Loopback;
import io.shardloop.lab.run.AppTarget;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code shardloop lab} runs: every workload x model x thread count, with one set of load settings.
 *
 * @param serverJvmOptions  options for the server's JVM (default {@code -XX:+UseParallelGC})
 * @param profile           record a flame graph of each run's server with async-profiler
 * @param ceilings          the path's calibrated message rate per workload (from {@code lab ceiling}), may be empty
 * @param transport         the loop models' transport ({@code serve --transport})
 * @param cores             {@code --emulate-cores}: a CPU budget per server IO thread, or null
 * @param link              the network between server and load generator ({@code --link}), loopback by default
 * @param offloads          the worker models' executor x inline settings to run each in; empty: serve's defaults
 * @param app               a user's application and its requests instead of the built-in endpoints, or null
 * @param repeats           measured windows per setting, interleaved across the settings of a workload
 * @param warmupCap         the longest a server's warm-up may go on while its JIT or throughput still moves
 *                          ({@code warmup} is the shortest); at most {@code warmup} means a fixed warm-up
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
        TransportKind transport,
        CoreEmulation cores,
        Link link,
        List<Offload> offloads,
        AppTarget app,
        int repeats,
        Duration warmupCap) {

    /**
     * The load generator's own warm-up before each window: the connections' set-up and the server's first moments
     * after its pause (the builtin load generator's JIT is warm: one JVM runs a workload's windows).
     */
    public static final Duration WINDOW_LEAD = Duration.ofMillis(500);

    public MatrixPlan {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        if (warmupCap.compareTo(warmup) < 0) {
            warmupCap = warmup;
        }
    }

    /** A plan measuring each setting once after a fixed warm-up. */
    public MatrixPlan(List<ModelKind> models, List<Integer> threads, List<Workload> workloads, int connections,
                      Duration duration, Duration warmup, LoadDriver driver, CpuSets cpus, Path out,
                      List<String> serverJvmOptions, boolean profile, java.util.Map<Workload, Double> ceilings,
                      TransportKind transport, CoreEmulation cores, Link link, List<Offload> offloads, AppTarget app) {
        this(models, threads, workloads, connections, duration, warmup, driver, cpus, out, serverJvmOptions, profile,
                ceilings, transport, cores, link, offloads, app, 1, warmup);
    }

    /** This plan with {@code repeats} windows per setting and a warm-up of {@code warmup} up to {@code cap}. */
    public MatrixPlan repeated(int repeats, Duration cap) {
        return new MatrixPlan(models, threads, workloads, connections, duration, warmup, driver, cpus, out,
                serverJvmOptions, profile, ceilings, transport, cores, link, offloads, app, repeats, cap);
    }

    /** The load generator's warm-up before each window: {@link #WINDOW_LEAD}, or the whole warm-up when shorter. */
    public Duration windowLead() {
        return warmup.compareTo(WINDOW_LEAD) < 0 ? warmup : WINDOW_LEAD;
    }

    /** A plan on {@code link} with the built-in endpoints, serve's default executor and inline policy. */
    public MatrixPlan(List<ModelKind> models, List<Integer> threads, List<Workload> workloads, int connections,
                      Duration duration, Duration warmup, LoadDriver driver, CpuSets cpus, Path out,
                      List<String> serverJvmOptions, boolean profile, java.util.Map<Workload, Double> ceilings,
                      TransportKind transport, CoreEmulation cores, Link link) {
        this(models, threads, workloads, connections, duration, warmup, driver, cpus, out, serverJvmOptions, profile,
                ceilings, transport, cores, link, List.of(), null);
    }

    /** The lab's plan on loopback: built-in endpoints, serve's default executor and inline policy. */
    public MatrixPlan(List<ModelKind> models, List<Integer> threads, List<Workload> workloads, int connections,
                      Duration duration, Duration warmup, LoadDriver driver, CpuSets cpus, Path out,
                      List<String> serverJvmOptions, boolean profile, java.util.Map<Workload, Double> ceilings,
                      TransportKind transport, CoreEmulation cores) {
        this(models, threads, workloads, connections, duration, warmup, driver, cpus, out, serverJvmOptions, profile,
                ceilings, transport, cores, new Loopback());
    }

    /** One cell of the matrix. */
    public record Cell(Workload workload, ModelKind model, int threads, Offload offload) {
        public Cell(Workload workload, ModelKind model, int threads) {
            this(workload, model, threads, Offload.DEFAULT);
        }
    }

    /** Every cell in run order: workload, then model, then thread count, then (worker models) offload. */
    public List<Cell> cells() {
        var out = new ArrayList<Cell>();
        for (var w : workloads) {
            for (var m : models) {
                for (int t : threadCounts(m)) {
                    for (var o : offloads(m)) {
                        out.add(new Cell(w, m, t, o));
                    }
                }
            }
        }
        return out;
    }

    /** The offloads a model runs in: the plan's for worker models, else only the default. */
    public List<Offload> offloads(ModelKind model) {
        return model.usesWorkers() && !offloads.isEmpty() ? offloads : List.of(Offload.DEFAULT);
    }

    /**
     * The thread counts a model runs at. {@code --threads} counts event loops: single-reactor and reactor-workers have
     * one whatever it says (reactor-workers' pool is --workers), and thread-per-connection and virtual-threads have
     * none (an accept thread and a thread per connection; virtual threads' carriers are the JVM's, one per CPU), so
     * these four run once, at 1.
     */
    public List<Integer> threadCounts(ModelKind model) {
        return switch (model) {
            case SINGLE_REACTOR, REACTOR_WORKERS, THREAD_PER_CONNECTION, VIRTUAL_THREADS -> List.of(1);
            case MAIN_SUB, MAIN_SUB_WORKERS, SHARED_NOTHING, SHARED_EPOLL -> threads;
        };
    }

    /**
     * The order of the settings in window round {@code round}: as planned in even rounds, reversed in odd ones
     * (A B C, C B A, A B C), so that a drift of the machine over the run falls on every setting alike and no
     * setting always follows the same neighbour.
     */
    public static <T> List<T> inRound(List<T> settings, int round) {
        return round % 2 == 0 ? settings : settings.reversed();
    }

    /** The settings: one server each. */
    public int runs() {
        return cells().size();
    }

    /** The measured windows: every setting {@link #repeats} times. */
    public int windows() {
        return runs() * repeats;
    }

    /** A rough wall time per window or warm-up for the first ETA: a JVM start, the lead, the window, teardown. */
    public Duration plannedPerRun() {
        return duration.plus(windowLead()).plusMillis(1_500);
    }
}
