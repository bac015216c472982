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
import io.shardloop.lab.run.ChildrenOnExit;
import io.shardloop.lab.run.LoadAgent;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.LoadOutcome;
import io.shardloop.lab.run.Ports;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.Progress;
import io.shardloop.lab.run.SteadyState;
import io.shardloop.lab.run.Watcher;
import io.shardloop.lab.run.Workload;
import io.shardloop.stats.ProcSampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the matrix. For each workload, every setting gets a fresh server JVM pinned to the server CPUs, warmed
 * until its JIT is quiet and its throughput settled ({@link SteadyState}, between the plan's warm-up and its cap);
 * then every setting is measured in {@link MatrixPlan#repeats} windows, interleaved across the settings in
 * alternating order (A B C, C B A, A B C) so that a drift of the machine falls on all of them alike, and a setting
 * with fewer clean windows than that gets more, up to as many rounds again ({@link #wantsWindow}). Each window
 * is a fresh load generator pinned to the client CPUs, /proc and /stats sampled around it. The servers of a
 * workload stay up until its last window, then get SIGTERM; between its windows a server is paused (SIGSTOP),
 * since a dozen idle JVMs (loops, watchdogs, the JIT's and GC's own threads) took about 0.4% of a CPU each from
 * the server being measured. This class starts and stops the processes;
 * {@link RunMeasurement} turns what they left into figures and {@link RepeatedRun} the windows into a row.
 * One thread (the CLI's).
 */
public final class MatrixRunner {

    private static final long SAMPLE_MILLIS = 100;
    private static final long WARM_SAMPLE_MILLIS = 250;
    private static final long LINK_SAMPLE_MILLIS = 250;
    /** The settling window of the first setting, which also warms the load agent's JIT. */
    private static final Duration AGENT_WARMUP = Duration.ofSeconds(2);
    /** The settling window of every other setting, and of each further one while the JIT compiles. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** The longest a setting's settling goes on. */
    private static final Duration SETTLE_CAP = Duration.ofSeconds(6);

    private final MatrixPlan plan;
    private final PrintWriter err;
    private final Profiler profiler;
    private final Link link;
    private LoadAgent agent; // the builtin load generator of the current workload's windows, or null
    private Path agentLog; // its output
    private int forks = 1;
    private Contenders contenders = Contenders.ALL;

    /**
     * Which settings of a workload get another server JVM once the JVMs so far have measured them. One JVM's
     * windows agree with each other more than two JVMs do (advise on db, 2026-12-07: main-sub 99,106 req/s in one
     * JVM and 115,609 in the next, each JVM's windows within 2%), so a lead seen in one JVM needs another to stand.
     */
    @FunctionalInterface
    public interface Contenders {
        /** Every setting: the lab, which names no winner. */
        Contenders ALL = soFar -> soFar;

        /** The settings, of {@code soFar} (every setting of the workload, its windows pooled), to measure again. */
        List<RepeatedRun> of(List<RepeatedRun> soFar);
    }

    public MatrixRunner(MatrixPlan plan, PrintWriter err, Profiler profiler) {
        this.plan = plan;
        this.err = err;
        this.profiler = profiler;
        this.link = plan.link();
    }

    /**
     * Measures each setting in up to {@code forks} server JVMs, each warmed and settled afresh and measured in the
     * plan's windows; after each, {@code contenders} picks the settings that get the next. A setting's row pools the
     * windows of all its JVMs.
     */
    public MatrixRunner forks(int forks, Contenders contenders) {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be >= 1, got " + forks);
        }
        this.forks = forks;
        this.contenders = contenders;
        return this;
    }

    /** A setting's server in one fork: started and warmed once, measured in every round. The CLI's thread only. */
    private final class Slot {
        final RunCase c;
        final int fork; // 1-based
        final StringBuilder timing = new StringBuilder();
        final long t0 = System.nanoTime();
        final List<RunResult> windows = new ArrayList<>();
        final List<String> linkLines = new ArrayList<>(); // what the link carried in each window, null if unread
        String linkLine;
        Process server;
        Path serverLog;
        int port;
        AdminClient admin;
        EmulatedCores cores;
        SteadyState.Outcome warmup;
        String failure;

        Slot(RunCase c, int fork) {
            this.c = c;
            this.fork = fork;
        }

        /** The name of its log files: the setting's, with the fork after the first. */
        String name() {
            return c.name() + (fork > 1 ? "-f" + fork : "");
        }

        void log(String what) {
            timing.append("%s after %d ms%n".formatted(what, (System.nanoTime() - t0) / 1_000_000));
        }
    }

    /** Runs every combination into {@code report}: one row per setting, its windows from every JVM it ran in. */
    public void run(Report report, boolean progressBar) throws InterruptedException {
        var progress = new Progress(err, 2 * plan.runs() + plan.windows(), plan.plannedPerRun(), progressBar);
        for (var workload : plan.workloads()) {
            var cells = plan.cells().stream().filter(cell -> cell.workload() == workload).toList();
            var forked = new ArrayList<List<Slot>>(); // per cell, its slot in each fork
            cells.forEach(cell -> forked.add(new ArrayList<>()));
            var next = new ArrayList<Integer>();
            for (int i = 0; i < cells.size(); i++) {
                next.add(i);
            }
            try {
                for (int fork = 1; fork <= forks && !next.isEmpty(); fork++) {
                    if (fork > 1) {
                        progress.more((2 + plan.repeats()) * next.size());
                        err.printf("shardloop lab: %d setting(s) in contention measured again in fresh JVMs (%d of %d)%n",
                                next.size(), fork, forks);
                    }
                    var slots = new ArrayList<Slot>();
                    for (int i : next) {
                        var slot = new Slot(runCase(cells.get(i)), fork);
                        forked.get(i).add(slot);
                        slots.add(slot);
                    }
                    runFork(workload, slots, progress);
                    if (fork < forks) {
                        var soFar = forked.stream().map(MatrixRunner::pooled).toList();
                        var again = contenders.of(soFar);
                        next.clear();
                        for (int i = 0; i < soFar.size(); i++) {
                            if (again.contains(soFar.get(i)) && alive(forked.get(i).getFirst())) {
                                next.add(i);
                            }
                        }
                    }
                }
            } finally {
                if (agent != null) {
                    agent.close();
                    agent = null;
                }
            }
            for (var slots : forked) {
                add(report, slots);
            }
        }
    }

    /** Starts, warms and settles the slots' servers, measures them in the plan's rounds, then stops them. */
    private void runFork(Workload workload, List<Slot> slots, Progress progress) throws InterruptedException {
        try {
            for (var slot : slots) {
                exitingCheck();
                progress.starting("warm-up " + label(slot));
                start(slot);
                progress.finished();
            }
            exitingCheck();
            boolean agentWarm = agent != null;
            if (!agentWarm) {
                startAgent(workload);
            }
            settle(slots, !agentWarm, progress);
            for (int round = 0; round < plan.repeats(); round++) {
                measureRound(slots, round, progress);
            }
            for (int round = plan.repeats(); round < 2 * plan.repeats(); round++) {
                var wanting = slots.stream().filter(this::wantsWindow).toList();
                if (wanting.isEmpty()) {
                    break;
                }
                progress.more(wanting.size());
                measureRound(wanting, round, progress);
            }
        } finally {
            slots.forEach(this::terminate); // all at once: each takes a graceful stop of up to a second
            slots.forEach(this::stop);
        }
    }

    /** A setting's windows from every JVM it ran in, with its first JVM's warm-up. */
    private static RepeatedRun pooled(List<Slot> slots) {
        var windows = slots.stream().flatMap(s -> s.windows.stream()).toList();
        return RepeatedRun.of(windows, slots.getFirst().warmup, slots.size());
    }

    /** Whether the setting started in its first JVM: one that failed to is not tried again. */
    private static boolean alive(Slot first) {
        return first.failure == null && first.server != null;
    }

    private void measureRound(List<Slot> slots, int round, Progress progress) throws InterruptedException {
        for (var slot : MatrixPlan.inRound(slots, round)) {
            exitingCheck();
            progress.starting(label(slot) + (plan.repeats() > 1 || round > 0 ? " window " + (round + 1) : ""));
            slot.windows.add(window(slot, round));
            progress.finished();
        }
    }

    /**
     * Whether a setting gets another window after the planned rounds: fewer of its windows were clean than the plan
     * repeats ({@link RepeatedRun#disturbed}: the JIT, steal or a neighbour). Up to as many rounds again; what is
     * still disturbed then is named in its row.
     */
    private boolean wantsWindow(Slot slot) {
        return slot.failure == null && slot.server != null && slot.server.isAlive()
                && RepeatedRun.clean(slot.windows).size() < plan.repeats();
    }

    /** Ends the run when this JVM is exiting (SIGTERM or Ctrl-C): its hook stops the children meanwhile. */
    private static void exitingCheck() throws InterruptedException {
        if (ChildrenOnExit.exiting()) {
            throw new InterruptedException("the lab is exiting");
        }
    }

    private void add(Report report, List<Slot> slots) {
        var setting = pooled(slots);
        MatrixReport.add(report, setting);
        var name = slots.getFirst().c.name();
        var lines = new ArrayList<String>();
        for (var slot : slots) {
            if (slot.warmup != null && slot.warmup.capLine() != null) {
                lines.add((slots.size() > 1 ? "JVM " + slot.fork + ": " : "") + slot.warmup.capLine());
            }
        }
        var linkLines = slots.stream().flatMap(s -> s.linkLines.stream()).toList();
        var windows = slots.stream().flatMap(s -> s.windows.stream()).toList();
        int i = windows.indexOf(setting.median());
        if (i >= 0 && i < linkLines.size() && linkLines.get(i) != null) {
            lines.add(linkLines.get(i));
        }
        if (setting.median().cores() != null) {
            lines.add(setting.median().cores().line());
        }
        for (var line : lines) {
            report.notes().add(name + ": " + line);
            err.println(name + ": " + line);
        }
    }

    private static String label(Slot slot) {
        return label(slot.c) + (slot.fork > 1 ? " (JVM " + slot.fork + ")" : "");
    }

    private static String label(RunCase c) {
        return c.workload() + " " + c.model() + " x" + c.threads() + c.offload().suffix();
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

    /** Starts the slot's server, warms it and places it on its emulated cores; a failure is kept in the slot. */
    private void start(Slot slot) throws InterruptedException {
        var c = slot.c;
        var workload = c.workload();
        slot.port = Ports.free();
        int adminPort = Ports.free();
        var serverArgs = new ArrayList<>(List.of("serve", "--protocol", workload.protocol(), "--model", c.model().cliName(),
                "--threads", Integer.toString(c.threads()), "--port", Integer.toString(slot.port)));
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
            jvm.addAll(profiler.jvmOptions(plan.out().resolve("flames").resolve(slot.name() + ".html")));
        }
        // an application may start a stand-in for a remote dependency: it belongs on the load generator's CPUs
        var env = plan.app() != null && plan.cpus().pinned()
                ? Map.of(ShardloopApp.LOAD_CPUS_ENV, plan.cpus().client()) : Map.<String, String>of();
        try {
            var logs = logs();
            slot.serverLog = logs.resolve(slot.name() + "-server.log");
            slot.server = ChildJvm.start(ChildJvm.cli(side(link.serverPrefix(), plan.cpus().server()), jvm, serverArgs),
                    env, slot.serverLog);
            slot.admin = new AdminClient(adminPort, link);
            if (!awaitPort(slot.port, slot.server)) {
                slot.failure = "server did not open port " + slot.port + ": " + tail(slot.serverLog);
                return;
            }
            slot.log("port open");
            slot.warmup = warm(slot, logs);
            slot.log("warm-up ended (%s)".formatted(slot.warmup.steady() ? "steady" : "cap"));
            if (!slot.server.isAlive()) {
                slot.failure = "server exited during the warm-up: " + tail(slot.serverLog);
                return;
            }
            if (plan.cores() != null) {
                // after the warm-up: on a 10% budget the JIT would still be compiling in the windows
                slot.cores = plan.cores().place(slot.server.pid(), plan.cpus().serverCores());
                slot.log("emulated cores placed under " + slot.cores.directory());
            }
            signal(slot, "STOP");
        } catch (IOException | RuntimeException e) {
            slot.failure = e.toString();
        }
    }

    /**
     * Loads the server until it is steady or the cap passes, reading its compiler threads' CPU and its message
     * count every {@value #WARM_SAMPLE_MILLIS} ms; the warm-up's load generator is then stopped (it is not measured).
     */
    private SteadyState.Outcome warm(Slot slot, Path logs) throws IOException, InterruptedException {
        long min = plan.warmup().toNanos();
        long cap = plan.warmupCap().toNanos();
        var steady = new SteadyState(System.nanoTime(), min);
        if (cap <= 0) {
            return steady.outcome();
        }
        var spec = new LoadDriver.Spec(slot.c.workload(), link.serverHost(), slot.port, plan.connections(),
                plan.cpus().clientCores(), plan.warmupCap().plusSeconds(5), Duration.ZERO, plan.app());
        var driver = driverFor(slot.c.workload());
        var commands = driver.commands(side(link.clientPrefix(), plan.cpus().client()), spec,
                logs.resolve(slot.name() + "-warmup.json"));
        var client = ChildJvm.start(commands.getLast(), logs.resolve(slot.name() + "-warmup.log"));
        try {
            long start = System.nanoTime();
            while (System.nanoTime() - start < cap && slot.server.isAlive() && client.isAlive()) {
                Thread.sleep(WARM_SAMPLE_MILLIS);
                try {
                    var sample = ProcSampler.sample(slot.server.pid(), true);
                    long messages = slot.admin.stats().map(Watcher::messages).orElse(0L);
                    steady.add(new SteadyState.Reading(sample.nanoTime(), ProcessFigures.jitSeconds(sample), messages));
                } catch (RuntimeException gone) {
                    break; // the server exited: the caller says so
                }
                if (steady.steady()) {
                    break;
                }
            }
            return steady.outcome();
        } finally {
            ChildJvm.stop(client, 2_000);
        }
    }

    /**
     * Starts the builtin load generator that runs this workload's windows ({@link LoadAgent}); wrk runs a process
     * per window instead.
     */
    private void startAgent(Workload workload) {
        if (!(driverFor(workload) instanceof BuiltinDriver)) {
            return;
        }
        try {
            var command = ChildJvm.cli(side(link.clientPrefix(), plan.cpus().client()), BuiltinDriver.jvmOptions(),
                    List.of("load-agent"));
            agentLog = logs().resolve(workload.cliName() + "-load-agent.log");
            agent = LoadAgent.start(command, agentLog);
        } catch (IOException | RuntimeException e) {
            err.println("shardloop lab: the load agent could not start (" + e.getMessage() + "); a load generator per window instead");
            agent = null;
        }
    }

    /**
     * Unmeasured windows per setting before the first round, with the load generator of the windows (the first
     * also warms that generator's JIT, for {@link #AGENT_WARMUP}), until the server's JIT is quiet again (under
     * {@link SteadyState#JIT_QUIET} of a CPU over a window) or {@link #SETTLE_CAP} has passed. A server resumed
     * after a pause takes branches its warm-up never took (a timer overdue at the select, a connection's close):
     * the compiled code traps, falls back and is compiled again, about 50 methods on the first resume and 15-20 on
     * each of the next (single-reactor, -XX:+PrintCompilation, 2026-12-07). Without settling, the first window of
     * nearly every setting spent 10-50% of its server's CPU compiling (advise on db: main-sub's windows 44,637,
     * 92,514 and 95,508 req/s), and those windows widened every range into a tie.
     */
    private void settle(List<Slot> slots, boolean agentCold, Progress progress) throws InterruptedException {
        boolean first = agentCold;
        for (var slot : slots) {
            progress.starting("settle " + label(slot));
            if (slot.failure == null && slot.server != null && slot.server.isAlive()) {
                var length = first && agent != null ? AGENT_WARMUP : SETTLE;
                first = false;
                signal(slot, "CONT");
                try {
                    long start = System.nanoTime();
                    int windows = 0;
                    double jit;
                    do {
                        double before = jitSeconds(slot);
                        long t0 = System.nanoTime();
                        unmeasured(slot, length);
                        windows++;
                        jit = (jitSeconds(slot) - before) / ((System.nanoTime() - t0) / 1e9);
                        length = SETTLE;
                    } while (jit >= SteadyState.JIT_QUIET && System.nanoTime() - start < SETTLE_CAP.toNanos()
                            && slot.server.isAlive());
                    slot.log("settled in %d window(s), the JIT at %.0f%% of a CPU in the last".formatted(windows, 100 * jit));
                } catch (IOException | RuntimeException e) {
                    slot.log("the settling window failed: " + e);
                } finally {
                    signal(slot, "STOP");
                }
            }
            progress.finished();
        }
    }

    /** The CPU seconds the server's JIT compilers have used so far; 0 once it is gone. */
    private static double jitSeconds(Slot slot) {
        try {
            return ProcessFigures.jitSeconds(ProcSampler.sample(slot.server.pid(), true));
        } catch (RuntimeException gone) {
            return 0;
        }
    }

    /** Loads the slot's server for {@code length} plus the window's lead, measuring nothing. */
    private void unmeasured(Slot slot, Duration length) throws IOException, InterruptedException {
        var workload = slot.c.workload();
        var out = logs().resolve(slot.name() + "-settle.json");
        var spec = new LoadDriver.Spec(workload, link.serverHost(), slot.port, plan.connections(), plan.cpus().clientCores(),
                length, plan.windowLead(), plan.app());
        long limit = length.plus(plan.windowLead()).toMillis() + 60_000;
        var driver = driverFor(workload);
        if (agent != null && driver instanceof BuiltinDriver) {
            if (agent.run(BuiltinDriver.loadArgs(spec, out), limit) < 0) {
                agent = null;
            }
            return;
        }
        for (var cmd : driver.commands(side(link.clientPrefix(), plan.cpus().client()), spec, out)) {
            var client = ChildJvm.start(cmd, logs().resolve(slot.name() + "-settle.log"));
            if (!client.waitFor(limit, TimeUnit.MILLISECONDS)) {
                ChildJvm.stop(client, 2_000);
            }
        }
    }

    /** Measures one window of a warmed server; a failure becomes a failed window. */
    private RunResult window(Slot slot, int round) throws InterruptedException {
        var c = slot.c;
        if (slot.failure != null) {
            return RunMeasurement.failed(c, slot.failure);
        }
        if (!slot.server.isAlive()) {
            return RunMeasurement.failed(c, "server exited: " + tail(slot.serverLog));
        }
        slot.linkLine = null;
        try {
            signal(slot, "CONT");
            return measure(slot, round);
        } catch (IOException | RuntimeException e) {
            return RunMeasurement.failed(c, e.toString());
        } finally {
            slot.linkLines.add(slot.linkLine);
            signal(slot, "STOP");
        }
    }

    /**
     * Pauses ({@code STOP}) or resumes ({@code CONT}) the slot's server JVM, not its children (an application's
     * stand-in for a remote service idles on the client's CPUs). A paused JVM keeps its compiled code, heap and
     * listening socket; the load generator's own warm-up before each window covers its first moments back.
     */
    private static void signal(Slot slot, String signal) throws InterruptedException {
        // once the JVM exits its hook resumes and stops every server: a STOP sent after it would hold one up
        if (slot.server == null || !slot.server.isAlive() || ChildrenOnExit.exiting()) {
            return;
        }
        try {
            var kill = new ProcessBuilder("kill", "-" + signal, Long.toString(slot.server.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                slot.log("kill -" + signal + " did not succeed");
            }
        } catch (IOException e) {
            slot.log("kill -" + signal + ": " + e.getMessage());
        }
    }

    private RunResult measure(Slot slot, int round) throws IOException, InterruptedException {
        var c = slot.c;
        var driver = driverFor(c.workload());
        var logs = logs();
        var name = slot.name() + (plan.repeats() > 1 || round > 0 ? "-w" + (round + 1) : "");
        var clientLog = logs.resolve(name + "-client.log"); // a load generator of the window's own
        var clientOut = logs.resolve(name + "-load.json");
        var before = slot.cores == null ? null : slot.cores.snapshot();
        var watcher = new Watcher(slot.server.pid(), slot.admin, SAMPLE_MILLIS);
        var spec = new LoadDriver.Spec(c.workload(), link.serverHost(), slot.port, plan.connections(),
                plan.cpus().clientCores(), plan.duration(), plan.windowLead(), plan.app());
        boolean viaAgent = agent != null && driver instanceof BuiltinDriver;
        if (viaAgent) {
            clientLog = agentLog;
        }
        var commands = viaAgent ? List.<List<String>>of()
                : driver.commands(side(link.clientPrefix(), plan.cpus().client()), spec, clientOut);
        int exit = 0;
        var linkSampler = new LinkSampler(link, LINK_SAMPLE_MILLIS);
        long limit = plan.duration().plus(plan.windowLead()).toMillis() + 60_000;
        try {
            if (viaAgent) {
                watcher.client(agent.pid());
                exit = agent.run(BuiltinDriver.loadArgs(spec, clientOut), limit);
                if (exit < 0) {
                    agent = null; // stopped by run(); the next window goes without it
                    watcher.stop();
                    return RunMeasurement.failed(c, "load generator did not finish in " + limit + " ms");
                }
                slot.log("window %d: load generator exited %d".formatted(round + 1, exit));
            }
            for (var cmd : commands) {
                var client = ChildJvm.start(cmd, clientLog);
                watcher.client(client.pid());
                if (!client.waitFor(limit, TimeUnit.MILLISECONDS)) {
                    ChildJvm.stop(client, 2_000);
                    watcher.stop();
                    return RunMeasurement.failed(c, "load generator did not finish in " + limit + " ms");
                }
                exit = client.exitValue();
                slot.log("window %d: load generator exited %d".formatted(round + 1, exit));
            }
        } finally {
            linkSampler.stop();
        }
        Thread.sleep(2 * SAMPLE_MILLIS); // a sample or two after the load stopped marks the window's end
        var ticks = watcher.stop();
        CoreGroups groups = slot.cores == null ? null : slot.cores.snapshot().since(before);
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
            slot.linkLine = linkSampler.line(window.first().nanoTime(), window.last().nanoTime());
        }
        return RunMeasurement.measure(c, load, ticks, groups);
    }

    /** Resumes the slot's server (a paused JVM would not act on SIGTERM) and sends it SIGTERM, without waiting. */
    private void terminate(Slot slot) {
        if (slot.server == null) {
            return;
        }
        try {
            signal(slot, "CONT");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slot.server.descendants().forEach(ProcessHandle::destroy);
        slot.server.destroy();
    }

    /** Waits for the slot's server to exit (SIGKILL after 10 s) and writes its timing log. */
    private void stop(Slot slot) {
        if (slot.server != null) {
            ChildJvm.stop(slot.server, 10_000);
            slot.log("server stopped");
        }
        if (slot.admin != null) {
            slot.admin.close();
        }
        if (slot.cores != null) {
            slot.cores.close();
        }
        try {
            Files.writeString(logs().resolve(slot.name() + "-timing.log"), slot.timing);
        } catch (IOException e) {
            err.println("could not write " + slot.name() + "-timing.log: " + e.getMessage());
        }
    }

    private Path logs() throws IOException {
        var logs = plan.out().resolve("logs");
        Files.createDirectories(logs);
        return logs;
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
