package io.shardloop.lab.matrix;

import io.shardloop.http.app.ShardloopApp;
import io.shardloop.lab.cores.CoreGroups;
import io.shardloop.lab.cores.EmulatedCores;
import io.shardloop.lab.link.Link;
import io.shardloop.lab.link.LinkSampler;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.AdminClient;
import io.shardloop.lab.run.BuiltinDriver;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.LoadOutcome;
import io.shardloop.lab.run.Ports;
import io.shardloop.lab.run.Progress;
import io.shardloop.lab.run.Watcher;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the matrix: for each workload, model and thread count, a fresh server JVM pinned to the server CPUs, the
 * load generator pinned to the client CPUs, /proc and /stats sampled around the measured window, then SIGTERM.
 * This class starts and stops the processes; {@link RunMeasurement} turns what they left into figures.
 * One thread (the CLI's).
 */
public final class MatrixRunner {

    private static final long SAMPLE_MILLIS = 100;
    private static final long LINK_SAMPLE_MILLIS = 250;
    private static final long PLACE_BEFORE_WINDOW_MILLIS = 500;

    private final MatrixPlan plan;
    private final PrintWriter err;
    private final Profiler profiler;
    private final Link link;
    private String linkLine; // what the link carried in the last run, for its note; the CLI's thread only

    public MatrixRunner(MatrixPlan plan, PrintWriter err, Profiler profiler) {
        this.plan = plan;
        this.err = err;
        this.profiler = profiler;
        this.link = plan.link();
    }

    /** Runs every combination into {@code report}. */
    public void run(Report report, boolean progressBar) throws InterruptedException {
        var progress = new Progress(err, plan.runs(), plan.plannedPerRun(), progressBar);
        for (var cell : plan.cells()) {
            progress.starting(cell.workload() + " " + cell.model() + " x" + cell.threads() + cell.offload().suffix());
            var c = runCase(cell);
            linkLine = null;
            RunResult result;
            try {
                result = runOne(c);
            } catch (IOException | RuntimeException e) {
                result = RunMeasurement.failed(c, e.toString());
            }
            MatrixReport.add(report, result);
            if (linkLine != null) {
                report.notes().add(c.name() + ": " + linkLine);
                err.println(c.name() + ": " + linkLine);
            }
            if (result.cores() != null) {
                var line = c.name() + ": " + result.cores().line();
                report.notes().add(line);
                err.println(line);
            }
            progress.finished();
        }
    }

    private RunCase runCase(MatrixPlan.Cell cell) {
        var workload = cell.workload();
        return new RunCase(workload, cell.model(), cell.threads(), plan.connections(), driverFor(workload).name(),
                plan.cpus(), plan.ceilings().getOrDefault(workload, Double.NaN), cell.offload());
    }

    /**
     * The plan's load generator, or the builtin one where it cannot drive the workload (wrk and echo) or the
     * application's request mix.
     */
    private LoadDriver driverFor(Workload workload) {
        return plan.app() == null && plan.driver().supports(workload) ? plan.driver() : new BuiltinDriver();
    }

    private RunResult runOne(RunCase c) throws IOException, InterruptedException {
        var workload = c.workload();
        var driver = driverFor(workload);
        var name = c.name();
        var logs = plan.out().resolve("logs");
        Files.createDirectories(logs);
        var serverLog = logs.resolve(name + "-server.log");
        var clientLog = logs.resolve(name + "-client.log");
        var clientOut = logs.resolve(name + "-load.json");
        int port = Ports.free();
        int adminPort = Ports.free();
        var serverArgs = new ArrayList<>(List.of("serve", "--protocol", workload.protocol(), "--model", c.model().cliName(),
                "--threads", Integer.toString(c.threads()), "--port", Integer.toString(port)));
        serverArgs.addAll(List.of("--admin-port", Integer.toString(adminPort), "--host", link.bindHost()));
        serverArgs.addAll(List.of("--transport", plan.transport().cliName()));
        serverArgs.addAll(c.offload().serveArgs());
        if (plan.app() != null) {
            serverArgs.addAll(List.of("--app-jar", plan.app().jar().toAbsolutePath().toString()));
            if (plan.app().appClass() != null) {
                serverArgs.addAll(List.of("--app-class", plan.app().appClass()));
            }
        }
        if (workload.protocol().equals("echo")) {
            serverArgs.addAll(List.of("--echo-codec", "stream"));
        }
        serverArgs.addAll(workload.serverArgs());
        var jvm = new ArrayList<>(plan.serverJvmOptions());
        if (profiler == null) {
            jvm.addAll(ChildJvm.fastStart("serve")); // CDS archiving refuses JVMTI agents
        } else {
            jvm.addAll(profiler.jvmOptions(plan.out().resolve("flames").resolve(name + ".html")));
        }
        var timing = new StringBuffer(); // the placement thread appends too
        long t0 = System.nanoTime();
        // an application may start a stand-in for a remote dependency: it belongs on the load generator's CPUs
        var env = plan.app() != null && plan.cpus().pinned()
                ? Map.of(ShardloopApp.LOAD_CPUS_ENV, plan.cpus().client()) : Map.<String, String>of();
        var server = ChildJvm.start(ChildJvm.cli(side(link.serverPrefix(), plan.cpus().server()), jvm, serverArgs), env,
                serverLog);
        CompletableFuture<EmulatedCores> cores = null;
        try (var admin = new AdminClient(adminPort, link)) {
            if (!awaitPort(port, server)) {
                return RunMeasurement.failed(c, "server did not open port " + port + ": " + tail(serverLog));
            }
            timing.append("port open after %d ms%n".formatted((System.nanoTime() - t0) / 1_000_000));
            if (plan.cores() != null) {
                cores = placeLater(server, admin, timing, t0);
            }
            var watcher = new Watcher(server.pid(), admin, SAMPLE_MILLIS);
            var spec = new LoadDriver.Spec(workload, link.serverHost(), port, plan.connections(), plan.cpus().clientCores(),
                    plan.duration(), plan.warmup(), plan.app());
            var commands = driver.commands(side(link.clientPrefix(), plan.cpus().client()), spec, clientOut);
            int exit = 0;
            var linkSampler = new LinkSampler(link, LINK_SAMPLE_MILLIS);
            try {
                for (var cmd : commands) {
                    var client = ChildJvm.start(cmd, clientLog);
                    watcher.client(client.pid());
                    long limit = plan.duration().plus(plan.warmup()).toMillis() + 60_000;
                    if (!client.waitFor(limit, TimeUnit.MILLISECONDS)) {
                        ChildJvm.stop(client, 2_000);
                        watcher.stop();
                        return RunMeasurement.failed(c, "load generator did not finish in " + limit + " ms");
                    }
                    exit = client.exitValue();
                    timing.append("load generator exited %d after %d ms%n".formatted(exit, (System.nanoTime() - t0) / 1_000_000));
                }
            } finally {
                linkSampler.stop();
            }
            Thread.sleep(2 * SAMPLE_MILLIS); // a sample or two after the load stopped marks the window's end
            var ticks = watcher.stop();
            CoreGroups groups = null;
            if (cores != null) {
                try {
                    groups = cores.join().snapshot(); // while the server's threads are in them
                } catch (CompletionException e) {
                    return RunMeasurement.failed(c, server.isAlive() ? "could not place the emulated cores: "
                            + e.getCause().getMessage() : "server exited: " + tail(serverLog));
                }
            }
            if (exit != 0 && !Files.exists(clientOut) && driver.name().equals("builtin")) {
                return RunMeasurement.failed(c, "load generator exited " + exit + ": " + tail(clientLog));
            }
            LoadOutcome load;
            try {
                load = driver.outcome(clientOut, clientLog);
            } catch (IOException | RuntimeException e) {
                return RunMeasurement.failed(c, "could not read the load generator's result: " + e.getMessage());
            }
            var window = Watcher.window(ticks, (long) (load.seconds() * 1e9)); // the window RunMeasurement measures
            if (window != null) {
                linkLine = linkSampler.line(window.first().nanoTime(), window.last().nanoTime());
            }
            return RunMeasurement.measure(c, load, ticks, groups);
        } finally {
            ChildJvm.stop(server, 10_000);
            if (cores != null) {
                cores.thenAccept(EmulatedCores::close); // now, or when a late placement finishes
            }
            timing.append("server stopped after %d ms%n".formatted((System.nanoTime() - t0) / 1_000_000));
            Files.writeString(logs.resolve(name + "-timing.log"), timing);
        }
    }


    /**
     * Places the server on its emulated cores shortly before the load generator's warm-up ends, counted from the
     * first requests the server handled: the JIT warms up on the full CPU (on a 10% budget it would still be
     * compiling in the window), and cpu.stat's counts cover about the measured window. The margin covers the
     * window's uncertain start (100 ms samples, and the first requests are seen through /stats polls).
     */
    private CompletableFuture<EmulatedCores> placeLater(Process server, AdminClient admin, StringBuffer timing, long t0) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline && server.isAlive()
                        && admin.stats().map(Watcher::messages).orElse(0L) <= 3) {
                    Thread.sleep(20);
                }
                Thread.sleep(Math.max(0, plan.warmup().toMillis() - PLACE_BEFORE_WINDOW_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            var placed = plan.cores().place(server.pid(), plan.cpus().serverCores());
            timing.append("emulated cores placed under %s after %d ms%n".formatted(placed.directory(),
                    (System.nanoTime() - t0) / 1_000_000));
            return placed;
        }, r -> Thread.ofVirtual().name("lab-cores").start(r));
    }

    /** The command prefix that puts a process on its side of the link, then on its CPUs. */
    private List<String> side(List<String> linkPrefix, String cpus) {
        var out = new ArrayList<>(linkPrefix);
        out.addAll(plan.cpus().prefix(cpus));
        return out;
    }

    /** Waits for the server's port, probed from the server's side of the link. */
    private boolean awaitPort(int port, Process server) throws IOException, InterruptedException {
        try {
            return link.call(() -> Ports.await(port, server, 30_000));
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
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
