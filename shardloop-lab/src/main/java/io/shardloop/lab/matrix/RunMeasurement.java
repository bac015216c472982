package io.shardloop.lab.matrix;

import io.shardloop.lab.cores.BudgetCheck;
import io.shardloop.lab.cores.CoreGroups;
import io.shardloop.lab.diagnosis.Diagnosis;
import io.shardloop.lab.diagnosis.RunFigures;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.LoadOutcome;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.ThreadFigures;
import io.shardloop.lab.run.Watcher;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ServerStats;
import io.shardloop.stats.ThreadRole;
import io.shardloop.stats.TlsStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;

/**
 * The pure half of a matrix run: from the load generator's outcome and the watcher's samples to the run's figures
 * and diagnosis. No processes, no clock, no files, so tests feed it synthetic samples. Stateless; any thread.
 */
public final class RunMeasurement {

    private RunMeasurement() {
    }

    /** A run that failed before it measured anything. */
    public static RunResult failed(RunCase c, String why) {
        return RunResult.failed(c.workload(), c.model(), c.threads(), c.connections(), c.driver(), c.cpus().server(),
                c.cpus().client(), why, c.offload());
    }

    /** The run's figures over the measured window that {@link Watcher#window} finds in {@code ticks}. */
    public static RunResult measure(RunCase c, LoadOutcome load, List<Watcher.Tick> ticks) {
        return measure(c, load, ticks, null);
    }

    /**
     * As {@link #measure(RunCase, LoadOutcome, List)}, for a server on emulated cores ({@code cores}, read at the
     * end of the run; null when real): the budgets are checked, and the diagnosis sees one core per IO thread.
     */
    public static RunResult measure(RunCase c, LoadOutcome load, List<Watcher.Tick> ticks, CoreGroups cores) {
        var window = Watcher.window(ticks, (long) (load.seconds() * 1e9));
        ProcessFigures server = null;
        ProcessFigures client = null;
        List<LoopFigures> loops = List.of();
        long created = 0;
        Handshakes handshakes = Handshakes.NONE;
        double seconds = load.seconds();
        if (window != null) {
            var a = window.first();
            var b = window.last();
            server = ProcessFigures.between(a.server(), b.server());
            client = clientFigures(ticks, a, b);
            // /stats may miss a sample under load: use the widest pair of samples inside the window that have it
            Watcher.Tick sa = null;
            Watcher.Tick sb = null;
            for (var t : ticks) {
                if (t.stats() != null && t.nanoTime() >= a.nanoTime() && t.nanoTime() <= b.nanoTime()) {
                    if (sa == null) sa = t;
                    sb = t;
                }
            }
            if (sa != null && sb != sa) {
                loops = loops(sa.stats(), sb.stats(), sb.nanoTime() - sa.nanoTime());
                created = statsThreadsCreated(c.model(), sa.stats(), sb.stats());
                handshakes = Handshakes.between(sa.stats().tls(), sb.stats().tls(), sb.nanoTime() - sa.nanoTime());
            }
            created = Math.max(created, server.threadsStarted());
            seconds = window.nanos() / 1e9;
        }
        double clientCpu = client != null ? client.cpuPercent() : load.clientCpuPercent();
        var others = window == null ? Neighbours.UNKNOWN
                : neighbours(c.cpus(), window, server == null ? 0 : server.cpuPercent(), Double.isNaN(clientCpu) ? 0 : clientCpu);
        double steal = Double.NaN;
        if (window != null && window.first().machine() != null && window.last().machine() != null) {
            steal = 100 * window.last().machine().stealSince(window.first().machine());
        }
        var check = cores != null && server != null ? BudgetCheck.of(cores, server) : null;
        var figures = figures(c, load, server, clientCpu, loops, created, seconds, others, steal, check, handshakes);
        return new RunResult(c.workload(), c.model(), c.threads(), c.connections(), c.driver(), c.cpus().server(),
                c.cpus().client(), load.seconds(), load.requests(), load.errors(), load.requestsPerSecond(),
                load.latencyMicros(), server, client, loops, created, figures, Diagnosis.of(figures), null, check,
                c.offload());
    }

    /** The client's figures over the window: it may have exited just before the window's last sample. */
    private static ProcessFigures clientFigures(List<Watcher.Tick> ticks, Watcher.Tick a, Watcher.Tick b) {
        // the measured process is the last one seen (wrk runs a separate warm-up process before it)
        long pid = -1;
        for (var t : ticks) {
            if (t.client() != null && t.nanoTime() <= b.nanoTime()) pid = t.client().pid();
        }
        Watcher.Tick first = null;
        Watcher.Tick last = null;
        for (var t : ticks) {
            if (t.nanoTime() < a.nanoTime() || t.nanoTime() > b.nanoTime() || t.client() == null || t.client().pid() != pid) {
                continue;
            }
            if (first == null) first = t;
            last = t;
        }
        if (first == null || last == first || first.client().pid() != last.client().pid()) {
            return null;
        }
        return ProcessFigures.between(first.client(), last.client());
    }

    private static List<LoopFigures> loops(ServerStats a, ServerStats b, long nanos) {
        var before = new HashMap<String, LoopStats>();
        if (a.loops() != null) a.loops().forEach(l -> before.put(l.name(), l));
        var out = new ArrayList<LoopFigures>();
        if (b.loops() == null) return out;
        for (var l : b.loops()) {
            var prev = before.getOrDefault(l.name(), new LoopStats(l.name(), l.role(), 0, 0, 0, 0, 0, 0, 0, 0, 0));
            out.add(LoopFigures.between(prev, l, nanos));
        }
        return out;
    }

    /** Platform threads the server created in the window by its own count (virtual threads are not churn). */
    private static long statsThreadsCreated(ModelKind model, ServerStats a, ServerStats b) {
        long created = 0;
        if (model != ModelKind.VIRTUAL_THREADS) {
            created += b.connectionThreadsCreated() - a.connectionThreadsCreated();
        }
        if (a.executor() != null && b.executor() != null && !"virtual".equals(b.executor().kind())) {
            created += b.executor().threadsCreated() - a.executor().threadsCreated();
        }
        return Math.max(0, created);
    }

    /** The server's TLS handshakes between two /stats samples; NaN figures for plaintext or none completed. */
    record Handshakes(double perSecond, double meanMillis, double taskMicros) {
        static final Handshakes NONE = new Handshakes(Double.NaN, Double.NaN, Double.NaN);

        static Handshakes between(TlsStats a, TlsStats b, long nanos) {
            if (a == null || b == null || nanos <= 0) {
                return NONE;
            }
            long n = b.handshakes() - a.handshakes();
            double perSecond = n * 1e9 / nanos;
            if (n <= 0) {
                return new Handshakes(perSecond, Double.NaN, Double.NaN);
            }
            return new Handshakes(perSecond, (b.handshakeNanos() - a.handshakeNanos()) / 1e6 / n,
                    (b.taskNanos() - a.taskNanos()) / 1e3 / n);
        }
    }

    /** CPU that other processes took on the server's and on the client's CPUs over the window, % of one CPU. */
    private record Neighbours(double server, double client) {
        static final Neighbours UNKNOWN = new Neighbours(Double.NaN, Double.NaN);
    }

    /** The busy time of the server's and the client's CPUs less what the server and the load generator used there. */
    private static Neighbours neighbours(CpuSets cpus, Watcher.Window w, double serverCpu, double clientCpu) {
        var a = w.first().machine();
        var b = w.last().machine();
        if (a == null || b == null) {
            return Neighbours.UNKNOWN;
        }
        if (!cpus.pinned() || cpus.overlap()) {
            var all = new TreeSet<Integer>();
            all.addAll(CpuSets.cpus(cpus.server()));
            all.addAll(CpuSets.cpus(cpus.client()));
            if (!cpus.pinned()) {
                b.perCpu().forEach(cpu -> all.add(cpu.cpu()));
            }
            double other = Math.max(0, b.busyPercentSince(a, all) - serverCpu - clientCpu);
            return new Neighbours(other, other);
        }
        double server = Math.max(0, b.busyPercentSince(a, CpuSets.cpus(cpus.server())) - serverCpu);
        double client = Math.max(0, b.busyPercentSince(a, CpuSets.cpus(cpus.client())) - clientCpu);
        return new Neighbours(server, client);
    }

    private static RunFigures figures(RunCase c, LoadOutcome load, ProcessFigures server, double clientCpu,
                                      List<LoopFigures> loops, long created, double seconds, Neighbours others,
                                      double steal, BudgetCheck cores, Handshakes handshakes) {
        double nan = Double.NaN;
        var io = loops.stream().filter(LoopFigures::doesIo).toList();
        double select = io.stream().mapToDouble(LoopFigures::selectShare).average().orElse(nan);
        double imbalance = nan;
        if (io.size() >= 2) {
            long max = io.stream().mapToLong(LoopFigures::messages).max().orElse(0);
            long min = io.stream().mapToLong(LoopFigures::messages).min().orElse(0);
            imbalance = max == 0 ? nan : (double) max / Math.max(1, min);
        }
        double dispatcher = nan;
        double loopVol = nan;
        int loopThreads = 0;
        if (server != null) {
            dispatcher = server.threads().stream().filter(t -> t.role() == ThreadRole.MAIN || t.role() == ThreadRole.ACCEPT)
                    .mapToDouble(ThreadFigures::cpuPercent).max().orElse(nan);
            var loopRole = server.role(ThreadRole.LOOP);
            if (loopRole.isPresent()) {
                loopThreads = loopRole.get().threads();
                loopVol = loopRole.get().voluntaryPerSecond() / Math.max(1, loopThreads);
            }
        }
        return RunFigures.builder()
                .requestsPerSecond(load.requestsPerSecond()).requests(load.requests()).errors(load.errors())
                .serverCores(c.cpus().serverCores())
                .serverCpuPercent(server == null ? nan : server.cpuPercent())
                .serverUserPercent(server == null ? nan : server.userPercent())
                .serverSystemPercent(server == null ? nan : server.systemPercent())
                .clientCores(c.cpus().clientCores()).clientCpuPercent(clientCpu)
                .dispatcherCpuPercent(dispatcher)
                .loopSelectShare(select).loopVoluntaryPerSecond(loopVol).loops(io.isEmpty() ? loopThreads : io.size())
                .loopImbalance(imbalance)
                .threadsCreatedPerSecond(seconds > 0 ? created / seconds : nan)
                .ceilingRequestsPerSecond(c.ceiling())
                .otherServerCpuPercent(others.server()).otherClientCpuPercent(others.client())
                .stealPercent(steal)
                .emulatedCores(cores == null ? 0 : cores.cores(), cores == null ? nan : cores.budget().share(),
                        cores == null ? nan : cores.coresCpuPercent())
                .handshakes(handshakes.perSecond(), handshakes.meanMillis(), handshakes.taskMicros())
                .build();
    }
}
