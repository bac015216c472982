package io.shardloop.lab.cli;

import io.shardloop.lab.cores.CoreBudget;
import io.shardloop.lab.cores.CoreEmulation;
import io.shardloop.lab.cores.CpuCgroups;
import io.shardloop.lab.matrix.MatrixPlan;
import io.shardloop.lab.matrix.MatrixReport;
import io.shardloop.lab.matrix.MatrixRunner;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shardloop lab}: the model x threads x workload matrix, and the seeds' other experiments as subcommands. */
@Command(name = "lab", mixinStandardHelpOptions = true, defaultValueProvider = LabCommand.Defaults.class,
        description = {"Runs every threading model at each thread count on each workload, server and load generator "
                + "in separate pinned JVMs, and writes results.csv, results.json, summary.md and charts.",
                "The default matrix takes about 5 minutes on 2 CPUs.",
                "Subcommands run the seeds' other experiments."},
        subcommands = {
                ThreadsCommand.class,
                RunnableCommand.class,
                CeilingCommand.class,
                HandoffCommand.class,
                IsolationCommand.class,
        })
public final class LabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Defaults extends Timing.Defaults {
        Defaults() {
            super(java.util.Map.of("--duration", "1s", "--warmup", "1s", "--warmup-cap", "10s", "--forks", "1"));
        }
    }

    @Option(names = "--models", split = ",", paramLabel = "M[,M...]", converter = CliConverters.Model.class,
            description = "Threading models (default: " + TransportModels.DEFAULT_DESCRIPTION + ").")
    List<ModelKind> models;

    @Option(names = "--threads", split = ",", paramLabel = "N[,N...]", description = "Server thread counts (default: ${DEFAULT-VALUE}).")
    List<Integer> threads = List.of(1, 2);

    @Option(names = "--workloads", split = ",", paramLabel = "W[,W...]",
            description = "Workloads: http-keepalive, http-short, http-pipelined, echo (default: ${DEFAULT-VALUE}).")
    List<String> workloads = List.of("http-keepalive", "http-short");

    @Option(names = "--transport", converter = CliConverters.Transport.class,
            description = "The loop models' transport: auto (epoll where it runs), epoll or nio (default: ${DEFAULT-VALUE}).")
    TransportKind transport = TransportKind.AUTO;

    @Option(names = "--connections", description = "Load generator connections (default: ${DEFAULT-VALUE}).")
    int connections = 64;

    @Mixin
    Timing.Window window;

    @Mixin
    Timing.Warmup warmup; // 3 s by default with --emulate-cores: the JIT has to be done before the budgets start

    @Mixin
    Timing.Repeats repeats;

    @Mixin
    Timing.Forks forks;

    @Mixin
    Timing.WarmupCap warmupCap;

    @Option(names = "--driver", description = "Load generator: builtin or wrk (default: ${DEFAULT-VALUE}).")
    String driver = "builtin";

    @Mixin
    CpuOptions cpuOptions;

    @Option(names = "--ceiling", paramLabel = "DIR",
            description = "Output of 'shardloop lab ceiling' (its directory or results.json): runs are compared with the path's message rate.")
    Path ceiling;

    @Option(names = "--profile", description = "Record a flame graph of each run's server with async-profiler.")
    boolean profile;

    @Option(names = "--emulate-cores", description = "Give each server IO thread (main/accept, loop, worker) a CPU "
            + "budget of its own through the cgroup cpu controller, so N threads on the server's CPU behave like N "
            + "slower cores (needs root or a writable /sys/fs/cgroup/cpu); warms each server 3s unless --warmup says otherwise.")
    boolean emulateCores;

    @Option(names = "--core-share", paramLabel = "F", description = "With --emulate-cores: one emulated core's share "
            + "of a CPU (default: the server's CPUs / (most IO threads of a run + 1 for the JVM's other threads)).")
    Double coreShare;

    @Option(names = "--cgroup-root", hidden = true, description = "The cgroup v1 cpu tree (for tests).")
    Path cgroupRoot = CpuCgroups.V1_ROOT;

    @Mixin
    ReportOptions output;

    @Mixin
    LinkOptions link;

    @Override
    public Integer call() throws Exception {
        var plan = plan();
        try (var ignored = plan.link()) {
            return run(plan);
        }
    }

    private int run(MatrixPlan plan) throws Exception {
        var report = MatrixReport.create(commandLine(), plan.workloads().stream().map(Workload::cliName).toList());
        describe(report, plan);
        var err = spec.commandLine().getErr();
        err.printf("shardloop lab: %d settings (%d models x %d thread counts x %d workloads; the models without a "
                        + "thread count once per workload), %s; %s%n",
                plan.runs(), plan.models().size(), plan.threads().size(), plan.workloads().size(),
                windows(plan), plan.cpus().describe());
        if (plan.cores() != null) {
            err.println("shardloop lab: emulated cores: " + plan.cores().budget() + " per server IO thread");
        }
        long start = System.nanoTime();
        var profiler = profile ? Profiling.profiler(plan.out(), report.notes()) : null;
        new MatrixRunner(plan, err, profiler).forks(forks.forks, MatrixRunner.Contenders.ALL).run(report, output.progressBar());
        report.environment().put("wall time", "%.0f s".formatted((System.nanoTime() - start) / 1e9));
        ReportOutput.finish(report, plan.out(), spec.commandLine().getOut());
        return 0;
    }

    MatrixPlan plan() {
        for (int t : threads) {
            if (t < 1) throw new ParameterException(spec.commandLine(), "--threads accepts counts >= 1, got " + t);
        }
        if (connections < 1) throw new ParameterException(spec.commandLine(), "--connections accepts a count >= 1, got " + connections);
        var duration = window.duration;
        if (duration.toMillis() < 200) throw new ParameterException(spec.commandLine(), "--duration accepts 200ms or more, got " + duration.toMillis() + "ms");
        var asked = TransportModels.resolve(spec.commandLine(), transport, models);
        List<Workload> ws;
        LoadDriver d;
        CpuSets cpus;
        try {
            ws = Workload.parseList(workloads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--workloads: " + e.getMessage());
        }
        try {
            d = LoadDriver.parse(driver);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        cpus = cpuOptions.choose(spec.commandLine());
        var ms = asked.stream().distinct().toList();
        var ts = threads.stream().distinct().toList();
        var w = emulateCores && !spec.commandLine().getParseResult().hasMatchedOption("--warmup") ? Duration.ofSeconds(3)
                : warmup.warmup;
        link.validate(spec.commandLine());
        var out = output.directory("");
        var ceilingRates = ceilings(ws);
        var cores = emulation(ms, ts, cpus);
        // last: the link makes namespaces, and nothing after it may refuse
        return new MatrixPlan(ms, ts, ws, connections, duration, w, d, cpus, out, List.of("-XX:+UseParallelGC"), profile,
                ceilingRates, transport, cores, link.open(spec.commandLine())).repeated(repeats.repeats, warmupCap.warmupCap);
    }

    /** The cores to emulate, null without --emulate-cores; refuses in one line when the cgroup tree is not usable. */
    private CoreEmulation emulation(List<ModelKind> ms, List<Integer> ts, CpuSets cpus) {
        if (!emulateCores) {
            if (coreShare != null) throw new ParameterException(spec.commandLine(), "--core-share needs --emulate-cores");
            return null;
        }
        return switch (CpuCgroups.open(cgroupRoot)) {
            case CpuCgroups.Availability.Missing(var why) -> throw new ParameterException(spec.commandLine(), why);
            case CpuCgroups.Availability.Usable(var cgroups) -> {
                // the most IO threads of a run: its thread count, plus a main thread for main-sub
                int most = ms.stream().mapToInt(m -> ts.stream().mapToInt(t -> t + (mainThread(m) ? 1 : 0)).max().orElse(1)).max().orElse(1);
                double share = coreShare != null ? coreShare : CoreBudget.defaultShare(cpus.serverCores(), most);
                try {
                    yield new CoreEmulation(cgroups, CoreBudget.of(share));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--core-share: " + e.getMessage());
                }
            }
        };
    }

    private static boolean mainThread(ModelKind m) {
        return m == ModelKind.MAIN_SUB || m == ModelKind.MAIN_SUB_WORKERS || m == ModelKind.THREAD_PER_CONNECTION
                || m == ModelKind.VIRTUAL_THREADS;
    }

    /**
     * The path's rate per workload from a 'lab ceiling' report: the round trip for one connection with one message in
     * flight, one in flight per connection for several, or pipelined.
     */
    private java.util.Map<Workload, Double> ceilings(List<Workload> ws) {
        if (ceiling == null) {
            return java.util.Map.of();
        }
        var file = java.nio.file.Files.isDirectory(ceiling) ? ceiling.resolve("results.json") : ceiling;
        try {
            var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).path("rows");
            var rate = new java.util.HashMap<String, Double>();
            for (var row : rows) {
                if (row.path("messages_per_sec").isNumber()) {
                    rate.put(row.path("test").asText(), row.path("messages_per_sec").asDouble());
                }
            }
            var out = new java.util.EnumMap<Workload, Double>(Workload.class);
            for (var w : ws) {
                var test = w.pipeline() > 1 ? "pipelined" : connections == 1 ? "ping-pong" : "parallel";
                if (rate.containsKey(test)) {
                    out.put(w, rate.get(test));
                }
            }
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--ceiling: cannot read " + file
                    + " as the results.json of 'shardloop lab ceiling' (" + e.getMessage() + ")");
        }
    }

    private void describe(io.shardloop.lab.report.Report report, MatrixPlan plan) {
        var env = report.environment();
        env.put("placement", plan.cpus().describe());
        env.put("link", plan.link().describe());
        env.put("driver", plan.driver().name());
        env.put("transport", plan.transport().resolve().cliName() + " (loop models; --transport " + plan.transport() + ")");
        env.put("connections", plan.connections());
        env.put("window", windows(plan) + (forks.forks > 1 ? "; in " + forks.forks + " server JVMs per setting, their windows pooled" : ""));
        if (!plan.cpus().pinned()) {
            report.notes().add("Unpinned: taskset is missing or the machine has one CPU, so server and load generator "
                    + "compete for the same CPUs; client-bound and saturated verdicts are less clear.");
        } else if (plan.cpus().overlap()) {
            report.notes().add("--server-cpus and --client-cpus overlap: server and load generator compete for CPUs.");
        }
        if (plan.cores() != null) {
            env.put("emulated cores", "each server IO thread (main/accept, loop, worker): " + plan.cores().budget()
                    + "; the JVM's other threads together: what the cores leave of the server's CPUs; cgroup v1 under "
                    + plan.cores().cgroups().root());
            report.notes().add("Emulated cores: CPU figures of the server are real; the diagnosis reads them against "
                    + "the budgets (one core per IO thread at " + "%.1f%%".formatted(100 * plan.cores().budget().share())
                    + " of a CPU). Threads a server creates later share their creator's budget.");
        }
        if (!plan.ceilings().isEmpty()) {
            env.put("path ceiling", plan.ceilings().entrySet().stream()
                    .map(e -> e.getKey() + " " + Math.round(e.getValue()) + " msg/s").toList());
        }
        if (plan.workloads().stream().anyMatch(w -> !plan.driver().supports(w))) {
            report.notes().add("wrk speaks HTTP only: the echo workload ran with the builtin load generator.");
        }
    }

    /** How each setting was measured, for the report and the first line. */
    static String windows(MatrixPlan plan) {
        var warm = plan.warmupCap().compareTo(plan.warmup()) > 0
                ? "warmed " + seconds(plan.warmup()) + " to " + seconds(plan.warmupCap()) + ", until its JIT was quiet and its req/s settled"
                : "warmed " + seconds(plan.warmup());
        return "each server " + warm + "; then " + plan.repeats() + " window" + (plan.repeats() == 1 ? "" : "s")
                + " of " + seconds(plan.duration()) + " (after the load generator's own " + seconds(plan.windowLead())
                + " warm-up)" + (plan.repeats() > 1 ? ", interleaved across the settings; figures are medians with the windows' range" : "");
    }

    /** A duration for the report: {@code 2 s} or {@code 700 ms}. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private String commandLine() {
        return commandLine(spec);
    }

    /** The command line as typed, for the report's header (the parse result holds every argument). */
    static String commandLine(CommandSpec spec) {
        var args = spec.commandLine().getParseResult() == null ? List.<String>of()
                : spec.commandLine().getParseResult().originalArgs();
        return "shardloop " + String.join(" ", args);
    }
}
