package io.shardloop.lab.cli;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.lab.diagnosis.StarvationRule;
import io.shardloop.lab.experiments.HandoffProbe;
import io.shardloop.lab.experiments.ProbeRunner;
import io.shardloop.lab.report.ChartSpec;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.Progress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shardloop lab handoff}: seed 004's global queue versus work stealing, each case in a fresh pinned JVM. */
@Command(name = "handoff", mixinStandardHelpOptions = true, defaultValueProvider = HandoffCommand.Defaults.class,
        description = {"Global queue vs work stealing: small tasks through each executor kind as workers grow. "
                + "external: two producer threads hand tasks over (what IO loops do); internal: each task submits its "
                + "successor from its worker (fan-out). Reports tasks/s, queue wait (execute() to start) percentiles "
                + "and maximum, and 'starvation' where one task waited orders of magnitude longer than the P99."})
public final class HandoffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Defaults extends Timing.Defaults {
        Defaults() {
            super(java.util.Map.of("--duration", "1s", "--warmup", "1s"));
        }
    }

    @Option(names = "--executors", split = ",", description = "Executor kinds (default: ${DEFAULT-VALUE}).")
    List<String> executors = List.of("global-queue", "work-stealing");

    @Option(names = "--workers", split = ",", description = "Worker counts (default: ${DEFAULT-VALUE}).")
    List<Integer> workers = List.of(1, 2, 4, 8);

    @Option(names = "--modes", split = ",", description = "external, internal (default: ${DEFAULT-VALUE}).")
    List<String> modes = List.of("external", "internal");

    @Mixin
    Timing.Window window;

    @Mixin
    Timing.Warmup warmup;

    @Option(names = "--work", description = "xorshift rounds per task, about 1 ns each (default: ${DEFAULT-VALUE}).")
    int work = 500;

    @Mixin
    ProbeCpus probeCpus;

    @Mixin
    ReportOptions output;

    static final List<String> COLUMNS = List.of("mode", "executor", "workers", "seconds", "tasks", "tasks_per_sec",
            "queue_wait_p50_us", "queue_wait_p99_us", "queue_wait_max_us", "max_over_p99", "verdict", "process_cpu_pct",
            "process_sys_pct");

    @Override
    public Integer call() throws Exception {
        for (var e : executors) {
            try {
                ExecutorKind.parse(e);
            } catch (IllegalArgumentException x) {
                throw new ParameterException(spec.commandLine(), "--executors: " + x.getMessage());
            }
        }
        for (var m : modes) {
            if (!m.equals("external") && !m.equals("internal")) {
                throw new ParameterException(spec.commandLine(), "--modes accepts external, internal; got '" + m + "'");
            }
        }
        var placement = probeCpus.placement();
        var dir = output.directory("handoff");
        var report = Report.create("Shardloop lab: hand-off, global queue vs work stealing (seed 004)",
                "shardloop lab handoff", "mode", COLUMNS, List.of(
                        DisplayColumn.of("executor", "executor"),
                        DisplayColumn.of("workers", "workers"),
                        DisplayColumn.of("tasks/s", "tasks_per_sec"),
                        DisplayColumn.of("wait P50 µs", "queue_wait_p50_us"),
                        DisplayColumn.of("wait P99 µs", "queue_wait_p99_us"),
                        DisplayColumn.of("wait max µs", "queue_wait_max_us"),
                        DisplayColumn.of("max/P99", "max_over_p99"),
                        DisplayColumn.of("verdict", "verdict"),
                        new DisplayColumn("CPU % (sys)", r -> io.shardloop.lab.report.Fmt.value(r.get("process_cpu_pct"))
                                + " (" + io.shardloop.lab.report.Fmt.value(r.get("process_sys_pct")) + ")")));
        for (var m : modes) {
            report.charts().add(new ChartSpec("tasks-per-sec-" + m, "tasks/s vs workers (" + m + ")", "mode", m,
                    "workers", "tasks_per_sec", "executor", "workers", "tasks/s", false));
            report.charts().add(new ChartSpec("wait-p99-" + m, "queue wait P99 vs workers (" + m + ")", "mode", m,
                    "workers", "queue_wait_p99_us", "executor", "workers", "P99 queue wait (µs)", false));
        }
        report.environment().put("placement", placement.pinned() ? "probe JVM on CPUs " + placement.server() : "unpinned");
        report.environment().put("task", work + " xorshift rounds; at most " + 4096 + " in flight");
        report.environment().put("warm-up", warmup.warmup.toMillis() + " ms of the same load per case, on an executor then discarded");
        var progress = new Progress(spec.commandLine().getErr(), modes.size() * executors.size() * workers.size(),
                window.duration.plus(warmup.warmup).plusMillis(800), output.progressBar());
        for (var m : modes) {
            for (var e : executors) {
                for (int w : workers) {
                    progress.starting(m + " " + e + " x" + w);
                    var row = new LinkedHashMap<String, Object>();
                    row.put("mode", m);
                    row.put("executor", e);
                    row.put("workers", w);
                    try {
                        var r = ProbeRunner.run(placement.prefix(placement.server()), HandoffProbe.class,
                                new HandoffProbe.Args(e, w, m, window.duration.toMillis(), warmup.warmup.toMillis(), work),
                                HandoffProbe.Result.class,
                                dir.resolve("logs").resolve("handoff-" + m + "-" + e + "-" + w + ".log"),
                                warmup.warmup.plus(window.duration).toMillis() + 120_000);
                        row.put("seconds", r.seconds());
                        row.put("tasks", r.tasks());
                        row.put("tasks_per_sec", r.tasksPerSecond());
                        row.put("queue_wait_p50_us", r.queueWaitP50Micros());
                        row.put("queue_wait_p99_us", r.queueWaitP99Micros());
                        row.put("queue_wait_max_us", r.queueWaitMaxMicros());
                        double p99 = r.queueWaitP99Micros();
                        double max = r.queueWaitMaxMicros();
                        row.put("max_over_p99", p99 > 0 ? max / p99 : Double.NaN);
                        row.put("verdict", StarvationRule.DEFAULTS.verdict(p99, max));
                        row.put("process_cpu_pct", r.cpu().processCpuPercent());
                        row.put("process_sys_pct", r.cpu().processSysPercent());
                    } catch (java.io.IOException x) {
                        report.notes().add(m + " " + e + " x" + w + " failed: " + x.getMessage());
                    }
                    report.add(row);
                    progress.finished();
                }
            }
        }
        report.notes().add(StarvationRule.DEFAULTS.describe() + " (issue 16); ok otherwise.");
        report.notes().add("Seed 004: one lock and condition variable in front of all workers serialises hand-off as "
                + "workers grow; per-worker queues with stealing keep a worker's own submissions local. With more "
                + "workers than CPUs the figures show scheduling, not the queue: use --cpus with enough CPUs.");
        ReportOutput.finish(report, dir, spec.commandLine().getOut());
        return 0;
    }
}
