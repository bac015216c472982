package io.shardloop.lab.matrix;

import io.shardloop.lab.diagnosis.Diagnosis;
import io.shardloop.lab.diagnosis.RunFigures;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.AdminClient;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.LoadOutcome;
import io.shardloop.lab.run.Ports;
import io.shardloop.lab.run.Progress;
import io.shardloop.lab.run.Watcher;
import io.shardloop.lab.run.Workload;
import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ProcessFigures;
import io.shardloop.stats.ServerStats;
import io.shardloop.stats.ThreadFigures;
import io.shardloop.stats.ThreadRole;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the matrix: for each workload, model and thread count, a fresh server JVM pinned to the server CPUs, the
 * load generator pinned to the client CPUs, /proc and /stats sampled around the measured window, then SIGTERM.
 * One thread (the CLI's).
 */
public final class MatrixRunner {

    private static final long SAMPLE_MILLIS = 100;

    private final MatrixPlan plan;
    private final PrintWriter err;
    private final Profiler profiler;

    public MatrixRunner(MatrixPlan plan, PrintWriter err, Profiler profiler) {
        this.plan = plan;
        this.err = err;
        this.profiler = profiler;
    }

    /** Runs every combination into {@code report}. */
    public void run(Report report, boolean progressBar) throws InterruptedException {
        var progress = new Progress(err, plan.runs(), plan.plannedPerRun(), progressBar);
        for (var workload : plan.workloads()) {
            for (var model : plan.models()) {
                for (int threads : plan.threads()) {
                    progress.starting(workload + " " + model + " x" + threads);
                    RunResult result;
                    try {
                        result = runOne(workload, model, threads);
                    } catch (IOException | RuntimeException e) {
                        result = failed(workload, model, threads, e.toString());
                    }
                    MatrixReport.add(report, result);
                    progress.finished();
                }
            }
        }
    }

    private RunResult failed(Workload w, String model, int threads, String why) {
        return RunResult.failed(w.cliName(), model, threads, plan.connections(), plan.driver().name(),
                plan.cpus().server(), plan.cpus().client(), why);
    }

    RunResult runOne(Workload workload, String model, int threads) throws IOException, InterruptedException {
        var driver = plan.driver().supports(workload) ? plan.driver() : new io.shardloop.lab.run.BuiltinDriver();
        var name = workload + "-" + model + "-t" + threads;
        var logs = plan.out().resolve("logs");
        Files.createDirectories(logs);
        var serverLog = logs.resolve(name + "-server.log");
        var clientLog = logs.resolve(name + "-client.log");
        var clientOut = logs.resolve(name + "-load.json");
        int port = Ports.free();
        int adminPort = Ports.free();
        var serverArgs = new ArrayList<>(List.of("serve", "--protocol", workload.protocol(), "--model", model,
                "--threads", Integer.toString(threads), "--port", Integer.toString(port)));
        boolean hasAdmin = ServeFlags.has("--admin-port");
        if (hasAdmin) {
            serverArgs.addAll(List.of("--admin-port", Integer.toString(adminPort)));
        }
        if (ServeFlags.has("--transport")) {
            serverArgs.addAll(List.of("--transport", plan.transport().cliName()));
        }
        if (workload.protocol().equals("echo") && ServeFlags.has("--echo-codec")) {
            serverArgs.addAll(List.of("--echo-codec", "stream"));
        }
        var jvm = new ArrayList<>(plan.serverJvmOptions());
        if (profiler == null) {
            jvm.addAll(ChildJvm.fastStart("serve")); // CDS archiving refuses JVMTI agents
        } else {
            jvm.addAll(profiler.jvmOptions(plan.out().resolve("flames").resolve(name + ".html")));
        }
        var timing = new StringBuilder();
        long t0 = System.nanoTime();
        var server = ChildJvm.start(ChildJvm.cli(plan.cpus().prefix(plan.cpus().server()), jvm, serverArgs), serverLog);
        try (var admin = new AdminClient(adminPort)) {
            if (!Ports.await(port, server, 30_000)) {
                return failed(workload, model, threads, "server did not open port " + port + ": " + tail(serverLog));
            }
            timing.append("port open after %d ms%n".formatted((System.nanoTime() - t0) / 1_000_000));
            var watcher = new Watcher(server.pid(), hasAdmin ? admin : null, SAMPLE_MILLIS);
            var spec = new LoadDriver.Spec(workload, port, plan.connections(), plan.cpus().clientCores(),
                    plan.duration(), plan.warmup());
            var commands = driver.commands(plan.cpus().prefix(plan.cpus().client()), spec, clientOut);
            int exit = 0;
            for (var cmd : commands) {
                var client = ChildJvm.start(cmd, clientLog);
                watcher.client(client.pid());
                long limit = plan.duration().plus(plan.warmup()).toMillis() + 60_000;
                if (!client.waitFor(limit, TimeUnit.MILLISECONDS)) {
                    ChildJvm.stop(client, 2_000);
                    watcher.stop();
                    return failed(workload, model, threads, "load generator did not finish in " + limit + " ms");
                }
                exit = client.exitValue();
                timing.append("load generator exited %d after %d ms%n".formatted(exit, (System.nanoTime() - t0) / 1_000_000));
            }
            Thread.sleep(2 * SAMPLE_MILLIS); // a sample or two after the load stopped marks the window's end
            var ticks = watcher.stop();
            if (exit != 0 && !Files.exists(clientOut) && driver.name().equals("builtin")) {
                return failed(workload, model, threads, "load generator exited " + exit + ": " + tail(clientLog));
            }
            LoadOutcome load;
            try {
                load = driver.outcome(clientOut, clientLog);
            } catch (IOException | RuntimeException e) {
                return failed(workload, model, threads, "could not read the load generator's result: " + e.getMessage());
            }
            return measure(workload, model, threads, driver.name(), load, ticks);
        } finally {
            ChildJvm.stop(server, 10_000);
            timing.append("server stopped after %d ms%n".formatted((System.nanoTime() - t0) / 1_000_000));
            Files.writeString(logs.resolve(name + "-timing.log"), timing);
        }
    }


    private RunResult measure(Workload workload, String model, int threads, String driver, LoadOutcome load,
                              List<Watcher.Tick> ticks) {
        var window = Watcher.window(ticks, (long) (load.seconds() * 1e9));
        ProcessFigures server = null;
        ProcessFigures client = null;
        List<LoopFigures> loops = List.of();
        long created = 0;
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
                created = statsThreadsCreated(model, sa.stats(), sb.stats());
            }
            created = Math.max(created, server.threadsStarted());
            seconds = window.nanos() / 1e9;
        }
        double clientCpu = client != null ? client.cpuPercent() : load.clientCpuPercent();
        double[] others = window == null ? new double[] {Double.NaN, Double.NaN}
                : neighbours(window, server == null ? 0 : server.cpuPercent(), Double.isNaN(clientCpu) ? 0 : clientCpu);
        double steal = Double.NaN;
        if (window != null && window.first().machine() != null && window.last().machine() != null) {
            steal = 100 * window.last().machine().stealSince(window.first().machine());
        }
        var figures = figures(load, server, clientCpu, loops, created, seconds, others, steal,
                plan.ceilings().getOrDefault(workload, Double.NaN));
        return new RunResult(workload.cliName(), model, threads, plan.connections(), driver, plan.cpus().server(),
                plan.cpus().client(), load.seconds(), load.requests(), load.errors(), load.requestsPerSecond(),
                load.latencyMicros(), server, client, loops, created, figures, Diagnosis.of(figures), null);
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
    private static long statsThreadsCreated(String model, ServerStats a, ServerStats b) {
        long created = 0;
        if (!model.equals("virtual-threads")) {
            created += b.connectionThreadsCreated() - a.connectionThreadsCreated();
        }
        if (a.executor() != null && b.executor() != null && !"virtual".equals(b.executor().kind())) {
            created += b.executor().threadsCreated() - a.executor().threadsCreated();
        }
        return Math.max(0, created);
    }

    /**
     * CPU that other processes took on the server's and the client's CPUs over the window (% of one CPU): the busy
     * time of those CPUs less what the server and the load generator used there.
     */
    private double[] neighbours(Watcher.Window w, double serverCpu, double clientCpu) {
        var a = w.first().machine();
        var b = w.last().machine();
        if (a == null || b == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        var cpus = plan.cpus();
        if (!cpus.pinned() || cpus.overlap()) {
            var all = new java.util.TreeSet<Integer>();
            all.addAll(CpuSets.cpus(cpus.server()));
            all.addAll(CpuSets.cpus(cpus.client()));
            if (!cpus.pinned()) {
                b.perCpu().forEach(c -> all.add(c.cpu()));
            }
            double other = Math.max(0, b.busyPercentSince(a, all) - serverCpu - clientCpu);
            return new double[] {other, other};
        }
        double server = Math.max(0, b.busyPercentSince(a, CpuSets.cpus(cpus.server())) - serverCpu);
        double client = Math.max(0, b.busyPercentSince(a, CpuSets.cpus(cpus.client())) - clientCpu);
        return new double[] {server, client};
    }

    private RunFigures figures(LoadOutcome load, ProcessFigures server, double clientCpu, List<LoopFigures> loops,
                               long created, double seconds, double[] others, double steal, double ceiling) {
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
        int loopCount = io.isEmpty() ? loopThreads : io.size();
        return new RunFigures(load.requestsPerSecond(), load.requests(), load.errors(), plan.cpus().serverCores(),
                server == null ? nan : server.cpuPercent(), server == null ? nan : server.userPercent(),
                server == null ? nan : server.systemPercent(), plan.cpus().clientCores(), clientCpu, dispatcher,
                select, loopVol, loopCount, imbalance, seconds > 0 ? created / seconds : nan, ceiling, others[0], others[1],
                steal);
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
