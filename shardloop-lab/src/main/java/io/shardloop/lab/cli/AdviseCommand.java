package io.shardloop.lab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.http.app.AppLoader;
import io.shardloop.http.app.ShardloopApp;
import io.shardloop.lab.advise.AdviceReport;
import io.shardloop.lab.advise.AppWorkload;
import io.shardloop.lab.advise.Objective;
import io.shardloop.lab.advise.Ranking;
import io.shardloop.lab.advise.Snippet;
import io.shardloop.lab.link.Loopback;
import io.shardloop.lab.matrix.MatrixPlan;
import io.shardloop.lab.matrix.MatrixRunner;
import io.shardloop.lab.matrix.Offload;
import io.shardloop.lab.run.AppTarget;
import io.shardloop.lab.run.BuiltinDriver;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.Workload;
import io.shardloop.load.Durations;
import io.shardloop.load.LoadSpecException;
import io.shardloop.load.RequestMix;
import io.shardloop.model.ModelKind;
import io.shardloop.transport.TransportKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shardloop advise}: runs the user's application under every threading model (and, for the worker models,
 * every executor and inline policy) in fresh pinned JVMs with the user's requests, on the lab's runner, and says
 * which setting to use and why. Runs on the CLI's main thread.
 */
@Command(name = "advise", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = AdviseCommand.Defaults.class,
        description = {"Runs your application (a ShardloopApp in a jar) under every threading model with your requests,"
                + " ranks the settings against a P99 objective, and recommends one, with why the others lost.",
                "Writes the lab's report (results.csv/json, summary.md, a chart) plus advice.md.",
                "The load flags not given (--workload to --warmup) come from the jar's " + ShardloopApp.DEFAULT_WORKLOAD
                        + " (keys named like them), else the defaults shown."},
        footer = {"", "Examples:",
                "  shardloop advise --app-jar examples/db/target/db.jar",
                "  shardloop advise --app-jar app.jar --request 'GET /orders/42' --request '3x GET /orders' --slo-p99 5ms",
                "  shardloop advise --app-jar app.jar --requests mix.txt --rate 2000 --json advice.json"})
public final class AdviseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The advisor's defaults, shown in the help; the jar's workload, where it names one, comes first. */
    static final class Defaults extends Timing.Defaults {
        Defaults() {
            super(Map.of("--duration", Durations.format(AppWorkload.DEFAULTS.duration()),
                    "--warmup", Durations.format(AppWorkload.DEFAULTS.warmup()), "--warmup-cap", "15s", "--forks", "2"));
        }
    }

    @Option(names = "--app-jar", required = true, paramLabel = "JAR", description = "The application's jar (as for serve --app-jar).")
    Path appJar;

    @Option(names = "--app-class", paramLabel = "CLASS", description = "Its ShardloopApp class (default: the one the jar declares).")
    String appClass;

    @Option(names = "--request", paramLabel = "'[Nx] METHOD /path'", description = "A request to send, "
            + "'[Nx] METHOD /path [@BODY-FILE] [Name:value ...]'; repeatable (Nx: its weight in the mix). Default: the "
            + "jar's " + ShardloopApp.DEFAULT_REQUESTS + ".")
    List<String> requestLines = new ArrayList<>();

    @Option(names = "--requests", paramLabel = "FILE", description = "A file of such request lines (bodies relative to it).")
    Path requestsFile;

    // The load options stay null when absent: a flag, then the jar's workload.properties, then AppWorkload.DEFAULTS
    @Option(names = "--workload", paramLabel = "W", description = "keepalive (long-lived connections) or short (a new "
            + "connection per request) (default: the jar's workload, else keepalive).")
    String workload;

    @Option(names = "--connections", paramLabel = "N", description = "Load generator connections (default: the jar's workload, else 16).")
    String connections;

    @Option(names = "--rate", paramLabel = "R", description = "Fixed total rate in requests/s, latency from the intended "
            + "send time, or 'closed': the closed loop (each connection sends when answered) (default: the jar's workload, else closed).")
    String rate;

    @Option(names = "--slo-p99", paramLabel = "D", converter = DurationConverter.Positive.class,
            description = "The P99 latency objective (default: the jar's workload, else 10ms).")
    Duration sloP99;

    // --duration and --warmup: each given flag, else the jar's workload, else the defaults (see load())
    @Mixin
    Timing.Window window;

    @Mixin
    Timing.Warmup warmup;

    @Mixin
    Timing.Repeats repeats;

    @Mixin
    Timing.Forks forks;

    @Mixin
    Timing.WarmupCap warmupCap;

    @Option(names = "--models", split = ",", paramLabel = "M[,M...]", converter = CliConverters.Model.class,
            description = "Threading models (default: " + TransportModels.DEFAULT_DESCRIPTION + ").")
    List<ModelKind> models;

    @Option(names = "--executors", split = ",", paramLabel = "E[,E...]", converter = CliConverters.Executor.class,
            description = "The worker models' executors (default: all four: global-queue, work-stealing, elastic, virtual).")
    List<ExecutorKind> executors = List.of(ExecutorKind.values());

    // adaptive differs from never only above 64 queued tasks or for handlers marked non-blocking: with the default
    // 16 connections, one request in flight each, the queue never holds more, so it would double the runs for nothing
    @Option(names = "--inline", split = ",", paramLabel = "P[,P...]", defaultValue = "never",
            description = "The worker models' inline policies, each with every executor: never, adaptive, busy, busy:N, "
                    + "non-blocking (default: ${DEFAULT-VALUE}).")
    List<String> inline;

    @Option(names = "--threads", split = ",", paramLabel = "N[,N...]",
            description = "Server thread counts (event loops) (default: the server's CPUs).")
    List<Integer> threads;

    @Option(names = "--transport", converter = CliConverters.Transport.class, defaultValue = "auto",
            description = "The loop models' transport: auto, epoll or nio (default: ${DEFAULT-VALUE}).")
    TransportKind transport;

    @Mixin
    CpuOptions cpuOptions;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the advice (objective, ranking, winner, snippets) as JSON, for CI.")
    Path json;

    @Mixin
    ReportOptions output;

    /** What the jar's workload resource said; set by {@link #load}. */
    private AppWorkload jarWorkload = AppWorkload.NONE;

    @Override
    public Integer call() throws Exception {
        var load = load(); // every flag is checked before anything is written
        var w = load.workload().equals("short") ? Workload.HTTP_SHORT : Workload.HTTP_KEEPALIVE;
        var ms = TransportModels.resolve(spec.commandLine(), transport, models);
        var cpus = cpus();
        var threadCounts = threadCounts(cpus);
        var out = output.directory("advise");
        var requests = requests(out);
        var objective = new Objective(load.sloP99().toNanos() / 1000.0, load.rate());
        var plan = new MatrixPlan(ms, threadCounts, List.of(w),
                load.connections(), load.duration(), load.warmup(), new BuiltinDriver(), cpus, out, List.of("-XX:+UseParallelGC"), false,
                Map.of(), transport, null, new Loopback(), offloads(),
                new AppTarget(appJar.toAbsolutePath(), appClass, requests.toAbsolutePath(), objective.rate()))
                .repeated(repeats.repeats, warmupCap.warmupCap);
        var report = AdviceReport.create(commandLine());
        describe(report, plan, objective, requests, load);
        var err = spec.commandLine().getErr();
        err.printf("shardloop advise: %d settings (%d models; worker models x %d executors x %d inline policies), "
                        + "each warmed %s-%s until steady, then %d windows of %s%s; %s%n", plan.runs(), plan.models().size(),
                executors.size(), inline.size(), seconds(load.warmup()), seconds(plan.warmupCap()), repeats.repeats,
                seconds(load.duration()), forks.forks > 1 ? "; the settings in contention again in up to " + (forks.forks - 1)
                        + " more JVM(s)" : "", cpus.describe());
        long start = System.nanoTime();
        new MatrixRunner(plan, err, null).forks(forks.forks, soFar -> Ranking.contenders(soFar, objective))
                .run(report, output.progressBar());
        var className = appClass != null ? appClass : single(AppLoader.declaredApps(appJar));
        var advice = AdviceReport.complete(report, objective, load.connections(),
                s -> Snippet.of(s, appJar, className, appClass != null));
        report.environment().put("wall time", "%.0f s".formatted((System.nanoTime() - start) / 1e9));
        ReportOutput.finish(report, out, spec.commandLine().getOut());
        var shown = AdviceReport.shown(advice);
        var snippet = shown == null ? null : Snippet.of(shown, appJar, className, appClass != null);
        Files.writeString(out.resolve(AdviceReport.ADVICE), AdviceReport.markdown(advice, snippet, report), StandardCharsets.UTF_8);
        var stdout = spec.commandLine().getOut();
        if (snippet != null) {
            if (advice.winner() == null) {
                stdout.println("\ntied: " + String.join(", ", advice.tied().stream().map(r -> r.setting().label()).toList())
                        + "; the cheapest of them:");
            }
            stdout.println("\nserve:\n  " + snippet.serve() + "\n\nbuilder:\n" + snippet.builder().indent(2));
        }
        stdout.println("advice:  " + out.resolve(AdviceReport.ADVICE));
        if (json != null) {
            var fields = new LinkedHashMap<String, Object>(AdviceReport.json(advice, snippet));
            fields.put("report", out.toAbsolutePath().toString());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), fields);
        }
        stdout.flush();
        return advice.leaders().isEmpty() ? 1 : 0;
    }

    /** The requests file the load generator reads: --requests, the --request lines, or the jar's defaults. */
    private Path requests(Path out) throws IOException {
        requireJar();
        if (requestsFile != null && !requestLines.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--request cannot be combined with --requests: put every line in the file");
        }
        try {
            if (requestsFile != null) {
                RequestMix.read(requestsFile); // refuses a bad file before anything runs
                return requestsFile;
            }
            List<String> lines;
            if (!requestLines.isEmpty()) {
                lines = requestLines.stream().map(AdviseCommand::absoluteBody).toList();
                RequestMix.parse(lines, name -> readable(Path.of(name)));
            } else {
                var text = AppLoader.defaultRequests(appJar);
                if (text == null) {
                    throw new ParameterException(spec.commandLine(), "--request: give at least one, e.g. --request 'GET /orders/42', "
                            + "or a --requests file; " + appJar + " names no default requests in "
                            + ShardloopApp.DEFAULT_REQUESTS);
                }
                lines = text.lines().toList();
                RequestMix.parse(lines, null);
            }
            Files.createDirectories(out);
            var file = out.resolve("requests.txt");
            Files.write(file, lines, StandardCharsets.UTF_8);
            return file;
        } catch (LoadSpecException e) {
            var m = e.getMessage();
            throw new ParameterException(spec.commandLine(), requestsFile != null || !requestLines.isEmpty()
                    ? m.replaceFirst("^--requests", requestsFile != null ? "--requests" : "--request")
                    : m.replaceFirst("^--requests", "the jar's default requests"));
        }
    }

    /** A --request line with its @BODY-FILE made absolute: the load generator reads it from elsewhere. */
    private static String absoluteBody(String line) {
        var tokens = line.strip().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].startsWith("@") && tokens[i].length() > 1) {
                tokens[i] = "@" + Path.of(tokens[i].substring(1)).toAbsolutePath();
            }
        }
        return String.join(" ", tokens);
    }

    private static byte[] readable(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LoadSpecException("--requests", "accepts @FILE bodies that can be read, got '" + file + "' (" + e + ")");
        }
    }

    /**
     * The load to compare at: each flag given, else the jar's {@link ShardloopApp#DEFAULT_WORKLOAD}, else the
     * advisor's defaults; every value checked here, each error naming the flag or the resource's key.
     */
    private AppWorkload load() throws IOException {
        requireJar();
        var cli = spec.commandLine();
        AppWorkload flags;
        try {
            flags = new AppWorkload(AppWorkload.workload(workload, "--workload"), AppWorkload.connections(connections, "--connections"),
                    AppWorkload.rate(rate, "--rate"), sloP99,
                    given("--duration") ? window.duration : null, given("--warmup") ? warmup.warmup : null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, e.getMessage());
        }
        var text = AppLoader.defaultWorkload(appJar);
        var resource = appJar + "!/" + ShardloopApp.DEFAULT_WORKLOAD;
        try {
            jarWorkload = text == null ? AppWorkload.NONE : AppWorkload.parse(text, resource);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, e.getMessage());
        }
        var load = flags.or(jarWorkload).or(AppWorkload.DEFAULTS);
        if (load.duration().toMillis() < 200) {
            throw new ParameterException(cli, (flags.duration() != null ? "--duration" : resource + ": duration")
                    + " accepts 200ms or more, got " + load.duration().toMillis() + "ms");
        }
        if (load.workload().equals("short") && load.rate() > 0) {
            throw new ParameterException(cli, (flags.rate() != null ? "--rate" : "rate (" + resource + ")")
                    + " cannot be combined with " + (flags.workload() != null ? "--workload short" : "workload short (" + resource + ")")
                    + " (the load generator's fixed rate keeps its connections open)" + (flags.rate() == null ? "; --rate closed overrides it" : ""));
        }
        return load;
    }

    private void requireJar() {
        if (!Files.isRegularFile(appJar)) {
            throw new ParameterException(spec.commandLine(), "--app-jar accepts a jar file, got '" + appJar + "' (no such file)");
        }
    }

    private List<Offload> offloads() {
        try {
            return Offload.product(executors.stream().distinct().toList(), inline.stream().map(String::strip).distinct().toList());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--inline: " + e.getMessage());
        }
    }

    private CpuSets cpus() {
        try {
            transport.resolve();
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return cpuOptions.choose(spec.commandLine());
    }

    /** Whether the flag was typed: the flags' defaults give way to the jar's workload. */
    private boolean given(String flag) {
        var parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(flag);
    }

    private List<Integer> threadCounts(CpuSets cpus) {
        var ts = threads == null ? List.of(cpus.serverCores()) : threads.stream().distinct().toList();
        for (int t : ts) {
            if (t < 1) throw new ParameterException(spec.commandLine(), "--threads accepts counts >= 1, got " + t);
        }
        return ts;
    }

    private static String single(List<String> names) {
        return names.size() == 1 ? names.getFirst() : null;
    }

    private void describe(io.shardloop.lab.report.Report report, MatrixPlan plan, Objective o, Path requests, AppWorkload load) {
        var env = report.environment();
        env.put("application", appJar + (appClass == null ? "" : " (" + appClass + ")"));
        env.put("requests", RequestMix.read(requests).entries().stream().map(RequestMix.Entry::describe).toList());
        env.put("objective", "P99 <= " + seconds(load.sloP99()) + ", errors < " + Math.round(100 * Objective.ERROR_SHARE) + "%"
                + (o.fixedRate() ? ", at " + Math.round(o.rate()) + " req/s (fixed rate, corrected latency)" : ", closed loop"));
        env.put("workload", load.workload() + ", " + plan.connections() + " connections");
        env.put("workload defaults", jarWorkload.equals(AppWorkload.NONE) ? "the advisor's (the jar has no "
                + ShardloopApp.DEFAULT_WORKLOAD + ")" : "the jar's " + ShardloopApp.DEFAULT_WORKLOAD + ": " + jarWorkload.describe()
                + " (flags override it)");
        env.put("placement", plan.cpus().describe());
        env.put("transport", plan.transport().resolve().cliName() + " (loop models; --transport " + plan.transport() + ")");
        env.put("window", LabCommand.windows(plan) + (forks.forks > 1 ? "; the settings in contention (the leaders, and "
                + "any whose best window came within the noise of the best, at most " + Ranking.MAX_CONTENDERS
                + ") again in fresh JVMs, up to " + forks.forks + " JVMs each, their windows pooled" : ""));
        var untried = new java.util.ArrayList<>(List.of("never", "adaptive", "busy", "non-blocking"));
        untried.removeIf(p -> inline.stream().anyMatch(i -> i.strip().equals(p) || i.strip().startsWith(p + ":")));
        if (!untried.isEmpty() && plan.models().stream().anyMatch(ModelKind::usesWorkers)) {
            report.notes().add("The worker models ran with --inline " + String.join(",", inline) + " only; not tried: "
                    + String.join(", ", untried) + " (add them with --inline, e.g. --inline never,adaptive,busy,non-blocking).");
        }
        if (!plan.cpus().pinned()) {
            report.notes().add("Unpinned: taskset is missing or the machine has one CPU, so server and load generator "
                    + "compete for the same CPUs.");
        }
    }

    private static String seconds(Duration d) {
        return LabCommand.seconds(d);
    }

    private String commandLine() {
        return LabCommand.commandLine(spec);
    }
}
