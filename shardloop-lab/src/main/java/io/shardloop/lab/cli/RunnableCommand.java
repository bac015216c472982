package io.shardloop.lab.cli;

import io.shardloop.lab.experiments.ProbeRunner;
import io.shardloop.lab.experiments.RunnableProbe;
import io.shardloop.lab.experiments.RunnableProbe.Others;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.Fmt;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code shardloop lab runnable}: seed 002's blocked-versus-runnable threads, each case in a fresh pinned JVM. */
@Command(name = "runnable", mixinStandardHelpOptions = true,
        description = {"Blocked vs runnable threads: the time one worker per CPU takes for a fixed amount of work, "
                + "alone, beside thousands of blocked threads, and beside hundreds of threads that stay runnable "
                + "(Thread.yield() loops).",
                "Blocked threads cost nothing; runnable ones take turns on the CPUs."})
public final class RunnableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--blocked", split = ",", description = "Counts of blocked threads (default: ${DEFAULT-VALUE}).")
    List<Integer> blocked = List.of(5_000);

    @Option(names = "--yielding", split = ",", description = "Counts of yielding threads (default: ${DEFAULT-VALUE}).")
    List<Integer> yielding = List.of(50, 500);

    @Option(names = "--units", description = "Work units in total (default: ${DEFAULT-VALUE}).")
    int units = 2_000;

    @Option(names = "--work", description = "xorshift rounds per unit, about 1 ns each (default: ${DEFAULT-VALUE}).")
    int work = 100_000;

    @Mixin
    ProbeCpus probeCpus;

    @Mixin
    ReportOptions output;

    static final List<String> COLUMNS = List.of("state", "extra_threads", "workers", "units", "work_ms", "slowdown",
            "mean_runnable", "process_cpu_pct", "process_sys_pct");

    /** One case: {@code count} other threads doing {@code state}. */
    private record Case(Others state, int count) {
    }

    @Override
    public Integer call() throws Exception {
        var placement = probeCpus.placement();
        var dir = output.directory("runnable");
        var report = Report.create("Shardloop lab: blocked vs runnable threads (seed 002)", "shardloop lab runnable",
                null, COLUMNS, List.of(
                        DisplayColumn.of("other threads", "state"),
                        DisplayColumn.of("count", "extra_threads"),
                        DisplayColumn.of("workers", "workers"),
                        DisplayColumn.of("work ms", "work_ms"),
                        new DisplayColumn("slowdown", r -> Fmt.value(r.get("slowdown")) + "x"),
                        DisplayColumn.of("runnable (procs_running)", "mean_runnable"),
                        new DisplayColumn("process CPU (sys)", r -> Fmt.value(r.get("process_cpu_pct")) + "% (" + Fmt.value(r.get("process_sys_pct")) + "%)")));
        report.environment().put("placement", placement.pinned() ? "probe JVM on CPUs " + placement.server() : "unpinned");
        report.environment().put("work", units + " units of " + work + " xorshift rounds");
        var cases = new ArrayList<Case>();
        cases.add(new Case(Others.NONE, 0));
        blocked.forEach(n -> cases.add(new Case(Others.BLOCKED, n)));
        yielding.forEach(n -> cases.add(new Case(Others.YIELDING, n)));
        var progress = new Progress(spec.commandLine().getErr(), cases.size(), Duration.ofSeconds(2), output.progressBar());
        double baseline = Double.NaN;
        for (var c : cases) {
            var state = c.state().label();
            int n = c.count();
            progress.starting(state + " " + n);
            var row = new LinkedHashMap<String, Object>();
            row.put("state", state);
            row.put("extra_threads", n);
            try {
                var r = ProbeRunner.run(placement.prefix(placement.server()), RunnableProbe.class,
                        new RunnableProbe.Args(c.state(), n, units, work), RunnableProbe.Result.class,
                        dir.resolve("logs").resolve("runnable-" + state + "-" + n + ".log"), 300_000);
                double ms = r.workMillis();
                if (c.state() == Others.NONE) baseline = ms;
                row.put("workers", r.workers());
                row.put("units", units);
                row.put("work_ms", ms);
                row.put("slowdown", ms / baseline);
                row.put("mean_runnable", r.meanRunnable());
                row.put("process_cpu_pct", r.cpu().processCpuPercent());
                row.put("process_sys_pct", r.cpu().processSysPercent());
            } catch (java.io.IOException e) {
                report.notes().add(state + " " + n + " failed: " + e.getMessage());
            }
            report.add(row);
            progress.finished();
        }
        report.notes().add("Seed 002: blocked threads cost nothing while they wait; runnable threads share the CPUs "
                + "with the workers, so the same work takes longer. 'runnable' is the kernel's procs_running "
                + "(machine-wide, sampled every 10 ms), which top's thread view undercounts.");
        ReportOutput.finish(report, dir, spec.commandLine().getOut());
        return 0;
    }
}
