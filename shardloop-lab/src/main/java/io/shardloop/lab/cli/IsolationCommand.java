package io.shardloop.lab.cli;

import io.shardloop.lab.experiments.HealthProbe;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.Fmt;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.BuiltinDriver;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.Ports;
import io.shardloop.lab.run.Progress;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shardloop lab isolation}: seed 003's priority isolation. A heartbeat (GET /health every few ms) while the
 * data port is saturated, answered by the admin listener on its own loop, or by the data loops themselves
 * ({@code --admin-isolation=false}), where it queues behind the load.
 */
@Command(name = "isolation", mixinStandardHelpOptions = true, defaultValueProvider = IsolationCommand.Defaults.class,
        description = {"Priority isolation: GET /health latency under a saturating load on the data port, answered "
                + "by the admin listener on its own loop (isolated) or by the data port's loops (shared).",
                "Reports heartbeat P50/P99/max and failures next to the data port's req/s."})
public final class IsolationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Defaults extends Timing.Defaults {
        Defaults() {
            super(java.util.Map.of("--duration", "3s", "--warmup", "1s"));
        }
    }

    @Option(names = "--models", split = ",", converter = CliConverters.Model.class,
            description = "Threading models (default: ${DEFAULT-VALUE}).")
    List<ModelKind> models = List.of(ModelKind.SINGLE_REACTOR, ModelKind.MAIN_SUB);

    @Option(names = "--threads", description = "Server threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--connections", description = "Data load connections (default: ${DEFAULT-VALUE}).")
    int connections = 256;

    @Option(names = "--pipeline", description = "Data requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int pipeline = 16;

    @Mixin
    Timing.Window window;

    @Mixin
    Timing.Warmup warmup;

    @Option(names = "--period", converter = DurationConverter.class, description = "Time between heartbeats (default: 10ms).")
    Duration period = Duration.ofMillis(10);

    @Mixin
    CpuOptions cpuOptions;

    @Mixin
    ReportOptions output;

    static final List<String> COLUMNS = List.of("model", "threads", "health_on", "data_requests_per_sec",
            "data_p99_us", "health_count", "health_failures", "health_p50_us", "health_p99_us", "health_max_us");

    @Override
    public Integer call() throws Exception {
        var cpus = cpuOptions.choose(spec.commandLine());
        var dir = output.directory("isolation");
        var report = Report.create("Shardloop lab: priority isolation (seed 003)", "shardloop lab isolation", "model",
                COLUMNS, List.of(
                        DisplayColumn.of("/health answered by", "health_on"),
                        DisplayColumn.of("data req/s", "data_requests_per_sec"),
                        new DisplayColumn("data P99 ms", r -> ms(r.get("data_p99_us"))),
                        DisplayColumn.of("heartbeats", "health_count"),
                        DisplayColumn.of("failed", "health_failures"),
                        new DisplayColumn("health P50 ms", r -> ms(r.get("health_p50_us"))),
                        new DisplayColumn("health P99 ms", r -> ms(r.get("health_p99_us"))),
                        new DisplayColumn("health max ms", r -> ms(r.get("health_max_us")))));
        report.environment().put("placement", cpus.describe());
        report.environment().put("data load", connections + " connections, " + pipeline + " in flight each, GET /plaintext");
        report.environment().put("heartbeat", "GET /health every " + period.toMillis() + " ms on one keep-alive connection");
        var progress = new Progress(spec.commandLine().getErr(), models.size() * 2,
                window.duration.plus(warmup.warmup).plusSeconds(3), output.progressBar());
        for (var model : models) {
            for (boolean isolated : new boolean[] {true, false}) {
                progress.starting(model + (isolated ? " isolated" : " shared"));
                report.add(runOne(model, isolated, cpus, dir.resolve("logs")));
                progress.finished();
            }
        }
        report.notes().add("Seed 003: MongoDB moved heartbeats to their own IO thread so that they are not queued "
                + "behind data traffic. 'admin loop' is the isolated listener; 'data loops' is --admin-isolation=false.");
        ReportOutput.finish(report, dir, spec.commandLine().getOut());
        return 0;
    }

    private LinkedHashMap<String, Object> runOne(ModelKind model, boolean isolated, CpuSets cpus, Path logs) throws Exception {
        var row = new LinkedHashMap<String, Object>();
        row.put("model", model.cliName());
        row.put("threads", threads);
        row.put("health_on", isolated ? "admin loop" : "data loops");
        int port = Ports.free();
        int adminPort = Ports.free();
        var name = "isolation-" + model + (isolated ? "-isolated" : "-shared");
        var args = new ArrayList<>(List.of("serve", "--protocol", "http", "--model", model.cliName(), "--threads",
                Integer.toString(threads), "--port", Integer.toString(port), "--admin-port", Integer.toString(adminPort),
                "--admin-isolation=" + isolated));
        var server = ChildJvm.start(ChildJvm.cli(cpus.prefix(cpus.server()), List.of("-XX:+UseParallelGC"), args),
                logs.resolve(name + "-server.log"));
        try {
            if (!Ports.await(port, server, 30_000) || !Ports.await(adminPort, server, 10_000)) {
                throw new IllegalStateException("server did not start; see " + logs.resolve(name + "-server.log"));
            }
            var probe = new HealthProbe(isolated ? adminPort : port, period.toMillis(), 10_000);
            var loadOut = logs.resolve(name + "-load.json");
            var spec = new LoadDriver.Spec(Workload.HTTP_KEEPALIVE, port, connections, cpus.clientCores(), window.duration, warmup.warmup);
            var cmd = new ArrayList<>(new BuiltinDriver().commands(cpus.prefix(cpus.client()), spec, loadOut).getFirst());
            cmd.addAll(List.of("--pipeline", Integer.toString(pipeline)));
            var load = ChildJvm.start(cmd, logs.resolve(name + "-load.log"));
            // the heartbeat is measured over the load's window: its JVM start plus warm-up, then the duration
            Thread.sleep(warmup.warmup.toMillis() + 1_500);
            probe.measure();
            load.waitFor(window.duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            var h = probe.stop();
            row.put("health_count", h.getTotalCount());
            row.put("health_failures", probe.failures());
            if (h.getTotalCount() > 0) {
                row.put("health_p50_us", (double) h.getValueAtPercentile(50));
                row.put("health_p99_us", (double) h.getValueAtPercentile(99));
                row.put("health_max_us", (double) h.getMaxValue());
            }
            if (Files.exists(loadOut)) {
                var outcome = new BuiltinDriver().outcome(loadOut, null);
                row.put("data_requests_per_sec", outcome.requestsPerSecond());
                row.put("data_p99_us", outcome.latencyMicros().p99());
            }
        } finally {
            ChildJvm.stop(server, 10_000);
        }
        return row;
    }

    private static String ms(Object micros) {
        return micros instanceof Number n && !Double.isNaN(n.doubleValue()) ? Fmt.number(n.doubleValue() / 1000) : "";
    }
}
