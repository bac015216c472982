package io.shardloop.lab.cli;

import io.shardloop.lab.experiments.EpollEchoPeer;
import io.shardloop.lab.link.Link;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.Fmt;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.BuiltinDriver;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.Ports;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.Progress;
import io.shardloop.lab.run.Watcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardloop lab ceiling}: calibrates the path (seed 001's iperf step): the cheapest server loop there is (an
 * epoll echo, {@link EpollEchoPeer}) pinned to the server CPUs, driven from the client CPUs by the lab's own load
 * generator (the one the matrix uses), over the lab's link: ping-pong, parallel and pipelined.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true, defaultValueProvider = CeilingCommand.Defaults.class,
        description = {"Calibrates the path: the message rate of the cheapest server loop (an epoll echo, one loop per "
                + "server CPU, no framework) pinned to the server CPUs, driven by the lab's load generator from the client CPUs.",
                "ping-pong: 1 connection, 1 message in flight (the round trip). pipelined: many connections, "
                        + "several messages in flight each (the packet rate). A lab run that comes close to these "
                        + "figures is bound by the path, not by the threading model."})
public final class CeilingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Defaults extends Timing.Defaults {
        Defaults() {
            super(java.util.Map.of("--duration", "2s", "--warmup", "1s"));
        }
    }

    @Mixin
    Timing.Window window;

    @Mixin
    Timing.Warmup warmup;

    @Option(names = "--size", description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size = 64;

    @Option(names = "--connections", description = "Connections of the pipelined test (default: ${DEFAULT-VALUE}).")
    int connections = 64;

    @Option(names = "--depth", description = "Messages in flight per connection in the pipelined test (default: ${DEFAULT-VALUE}).")
    int depth = 16;

    @Mixin
    Timing.Repeats repeats; // a test keeps its fastest window: a ceiling is the most the path did

    @Mixin
    CpuOptions cpuOptions;

    @Mixin
    ReportOptions output;

    @Mixin
    LinkOptions linkOptions;

    static final List<String> COLUMNS = List.of("test", "connections", "depth", "size", "windows", "seconds", "messages",
            "messages_per_sec", "messages_per_sec_lo", "mb_per_sec", "rtt_p50_us", "rtt_p99_us", "rtt_max_us", "server_cpu_pct",
            "server_sys_pct", "client_cpu_pct", "other_cpu_server_pct", "other_cpu_client_pct");

    /** The load generator's CPU (% of each of its CPUs) at which a test measures the client rather than the path. */
    private static final double CLIENT_BOUND_PCT = 90;

    /** CPU that others took on the server's or the client's CPUs (% of one CPU) above which a ceiling is not one. */
    private static final double CONTENDED_PCT = 25;

    @Override
    public Integer call() throws Exception {
        if (size < 1 || connections < 1 || depth < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--size, --connections and --depth accept counts >= 1, got " + size + ", " + connections + ", " + depth);
        }
        var cpus = cpuOptions.choose(spec.commandLine());
        var dir = output.directory("ceiling");
        try (var link = linkOptions.open(spec.commandLine())) {
            var report = report(cpus, link);
            measure(report, cpus, link, dir);
            ReportOutput.finish(report, dir, spec.commandLine().getOut());
        }
        return 0;
    }

    private Report report(CpuSets cpus, Link link) {
        var args = spec.commandLine().getParseResult() == null ? List.<String>of()
                : spec.commandLine().getParseResult().originalArgs();
        var report = Report.create("Shardloop lab: the path's ceiling", "shardloop lab ceiling " + String.join(" ", args), null, COLUMNS, List.of(
                DisplayColumn.of("test", "test"),
                DisplayColumn.of("connections", "connections"),
                DisplayColumn.of("in flight", "depth"),
                new DisplayColumn("messages/s (slowest window)", r -> Fmt.value(r.get("messages_per_sec")) + " ("
                        + Fmt.value(r.get("messages_per_sec_lo")) + ")"),
                DisplayColumn.of("MB/s", "mb_per_sec"),
                DisplayColumn.of("RTT P50 µs", "rtt_p50_us"),
                DisplayColumn.of("RTT P99 µs", "rtt_p99_us"),
                new DisplayColumn("server CPU (sys)", r -> Fmt.value(r.get("server_cpu_pct")) + "% (" + Fmt.value(r.get("server_sys_pct")) + "%)"),
                new DisplayColumn("client CPU", r -> Fmt.value(r.get("client_cpu_pct")) + "%"),
                new DisplayColumn("others on server/client CPUs", r -> Fmt.value(r.get("other_cpu_server_pct")) + "% / "
                        + Fmt.value(r.get("other_cpu_client_pct")) + "%")));
        report.environment().put("placement", cpus.describe());
        report.environment().put("link", link.describe());
        report.environment().put("server", "epoll echo, " + cpus.serverCores() + " loop(s) (one per server CPU, SO_REUSEPORT)");
        report.environment().put("client", "shardloop load --protocol echo, " + cpus.clientCores() + " thread(s)");
        report.environment().put("message", size + " bytes, echoed");
        if (!cpus.pinned()) {
            report.notes().add("Unpinned: the echo server and the client share the CPUs.");
        }
        report.notes().add("An HTTP request and its response are one message each way, like one echo round trip: "
                + "compare a lab run's req/s with 'parallel' (one in flight per connection) and 'pipelined'. On a link "
                + "capped in bytes (--link-rate), pass --size of the larger of the two (the response) so that a message "
                + "costs the link what a request does.");
        report.notes().add("No threading model does less per message than this loop, so a lab run that beats the "
                + "ceiling says the calibration is wrong (the report of 'lab --ceiling' says so), not that the run is fast.");
        return report;
    }

    private void measure(Report report, CpuSets cpus, Link link, java.nio.file.Path dir) throws Exception {
        var logs = dir.resolve("logs");
        int port = Ports.free();
        var pin = new java.util.ArrayList<>(link.serverPrefix());
        pin.addAll(cpus.prefix(cpus.server()));
        var peer = ChildJvm.start(ChildJvm.command(pin, List.of("-XX:+UseParallelGC"), EpollEchoPeer.class.getName(),
                List.of(Integer.toString(port), Integer.toString(cpus.serverCores()), link.bindHost())),
                logs.resolve("ceiling-echo-server.log"));
        try {
            if (!link.call(() -> Ports.await(port, peer, 30_000))) {
                throw new IllegalStateException("the echo server did not open port " + port + "; see " + logs);
            }
            var tests = List.of(new int[] {1, 1}, new int[] {connections, 1}, new int[] {connections, depth});
            var names = List.of("ping-pong", "parallel", "pipelined");
            var progress = new Progress(spec.commandLine().getErr(), tests.size(), window.duration.plus(warmup.warmup).plusSeconds(1).multipliedBy(repeats.repeats), output.progressBar());
            for (int i = 0; i < tests.size(); i++) {
                progress.starting(names.get(i));
                report.add(test(names.get(i), tests.get(i)[0], tests.get(i)[1], cpus, link, port, peer, logs, report));
                progress.finished();
            }
        } finally {
            ChildJvm.stop(peer, 5_000);
        }
    }

    /**
     * One test: {@code --repeats} windows, each a load run against the echo with the echo's CPU over its measured
     * window; the row is the fastest window (a ceiling is the most the path did: a slow window measured a neighbour,
     * not the path) and {@code messages_per_sec_lo} the slowest.
     */
    private LinkedHashMap<String, Object> test(String name, int conns, int inFlight, CpuSets cpus, Link link, int port,
                                               Process peer, java.nio.file.Path logs, Report report) throws Exception {
        LinkedHashMap<String, Object> best = null;
        double lowest = Double.NaN;
        for (int w = 1; w <= repeats.repeats; w++) {
            var row = window(name + (repeats.repeats > 1 ? "-" + w : ""), conns, inFlight, cpus, link, port, peer, logs, report);
            double rate = rate(row);
            if (!Double.isNaN(rate)) {
                lowest = Double.isNaN(lowest) ? rate : Math.min(lowest, rate);
            }
            if (best == null || rate > rate(best) || Double.isNaN(rate(best))) {
                best = row;
            }
        }
        best.put("test", name);
        best.put("windows", repeats.repeats);
        best.put("messages_per_sec_lo", lowest);
        contention(best, cpus, name, report);
        if (best.get("client_cpu_pct") instanceof Double client && client >= CLIENT_BOUND_PCT * cpus.clientCores()) {
            report.notes().add(("%s: the load generator used %.0f%% of its %d CPU(s) and the echo %s%%: this is the "
                    + "client's rate, not the path's, and a lab run with a cheaper message can pass it; give the client "
                    + "more CPUs (--client-cpus) for the path's").formatted(name, client, cpus.clientCores(),
                    Fmt.value(best.get("server_cpu_pct"))));
        }
        return best;
    }

    private static double rate(LinkedHashMap<String, Object> row) {
        return row.get("messages_per_sec") instanceof Double d ? d : Double.NaN;
    }

    /** One window: the load generator against the echo, and the echo's CPU over the measured window. */
    private LinkedHashMap<String, Object> window(String name, int conns, int inFlight, CpuSets cpus, Link link, int port,
                                                 Process peer, java.nio.file.Path logs, Report report) throws Exception {
        var row = new LinkedHashMap<String, Object>();
        row.put("test", name);
        row.put("connections", conns);
        row.put("depth", inFlight);
        row.put("size", size);
        var pin = new java.util.ArrayList<>(link.clientPrefix());
        pin.addAll(cpus.prefix(cpus.client()));
        var json = logs.resolve("ceiling-" + name + ".json");
        var log = logs.resolve("ceiling-" + name + ".log");
        var cmd = ChildJvm.cli(pin, List.of("-XX:+UseParallelGC"), List.of("load", "tcp://" + link.serverHost() + ":" + port,
                "--protocol", "echo", "--echo-codec", "stream", "--size", Integer.toString(size),
                "--connections", Integer.toString(conns), "--pipeline", Integer.toString(inFlight),
                "--threads", Integer.toString(Math.min(conns, cpus.clientCores())),
                "--duration", window.duration.toMillis() + "ms", "--warmup", warmup.warmup.toMillis() + "ms", "--json", json.toString()));
        var watcher = new Watcher(peer.pid(), null, 100);
        var client = ChildJvm.start(cmd, log);
        if (!client.waitFor(window.duration.plus(warmup.warmup).toMillis() + 60_000, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            ChildJvm.stop(client, 2_000);
        }
        Thread.sleep(200);
        var span = Watcher.window(watcher.stop(), window.duration.toNanos());
        try {
            var r = new BuiltinDriver().outcome(json, log);
            row.put("seconds", r.seconds());
            row.put("messages", r.requests());
            row.put("messages_per_sec", r.requestsPerSecond());
            row.put("mb_per_sec", r.requestsPerSecond() * size * 2 / 1e6);
            row.put("rtt_p50_us", r.latencyMicros().p50());
            row.put("rtt_p99_us", r.latencyMicros().p99());
            row.put("rtt_max_us", r.latencyMicros().max());
            row.put("client_cpu_pct", r.clientCpuPercent());
        } catch (java.io.IOException | RuntimeException e) {
            report.notes().add(name + " failed: the load generator left no result (" + e.getMessage() + "); see " + log);
        }
        if (span != null) {
            var f = ProcessFigures.between(span.first().server(), span.last().server());
            row.put("server_cpu_pct", f.cpuPercent());
            row.put("server_sys_pct", f.systemPercent());
            neighbours(row, span, cpus, f.cpuPercent());
        }
        return row;
    }

    /** What other processes took on the server's and the client's CPUs over the window. */
    private static void neighbours(LinkedHashMap<String, Object> row, Watcher.Window window, CpuSets cpus, double serverCpu) {
        var a = window.first().machine();
        var b = window.last().machine();
        if (a == null || b == null || !cpus.pinned() || cpus.overlap()) {
            return;
        }
        double clientCpu = row.get("client_cpu_pct") instanceof Double d && !d.isNaN() ? d : 0;
        row.put("other_cpu_server_pct", Math.max(0, b.busyPercentSince(a, CpuSets.cpus(cpus.server())) - serverCpu));
        row.put("other_cpu_client_pct", Math.max(0, b.busyPercentSince(a, CpuSets.cpus(cpus.client())) - clientCpu));
    }

    /** A note when others took enough of the CPUs in the test's fastest window that its ceiling is low for it. */
    private static void contention(LinkedHashMap<String, Object> row, CpuSets cpus, String name, Report report) {
        if (row.get("other_cpu_server_pct") instanceof Double onServer && row.get("other_cpu_client_pct") instanceof Double onClient
                && (onServer >= CONTENDED_PCT * cpus.serverCores() || onClient >= CONTENDED_PCT * cpus.clientCores())) {
            report.notes().add(("%s: contended: other processes took %.0f%% of the server's and %.0f%% of the client's "
                    + "CPUs in its fastest window, so this ceiling is lower than the path's; rerun when the machine is quiet")
                    .formatted(name, onServer, onClient));
        }
    }
}
