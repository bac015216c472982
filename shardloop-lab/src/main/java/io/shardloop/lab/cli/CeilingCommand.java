package io.shardloop.lab.cli;

import io.shardloop.lab.experiments.EchoPeer;
import io.shardloop.lab.experiments.EchoProbe;
import io.shardloop.lab.experiments.ProbeRunner;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.Fmt;
import io.shardloop.lab.report.Report;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.Ports;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.Progress;
import io.shardloop.lab.run.Watcher;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shardloop lab ceiling}: calibrates the path (seed 001's iperf step): a minimal blocking echo pinned to the
 * server CPUs, driven from the client CPUs by a 1-connection ping-pong and a many-connection pipelined client.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true,
        description = {"Calibrates the path: the message rate of a minimal blocking echo server (a thread per "
                + "connection, no framework) pinned to the server CPUs, driven from the client CPUs.",
                "ping-pong: 1 connection, 1 message in flight (the round trip). pipelined: many connections, "
                        + "several messages in flight each (the packet rate). A lab run that comes close to these "
                        + "figures is bound by the path, not by the threading model."})
public final class CeilingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Measured time per test (default: 2s).")
    Duration duration = Duration.ofSeconds(2);

    @Option(names = "--warmup", converter = DurationConverter.class, description = "Warm-up per test (default: 1s).")
    Duration warmup = Duration.ofSeconds(1);

    @Option(names = "--size", description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size = 64;

    @Option(names = "--connections", description = "Connections of the pipelined test (default: ${DEFAULT-VALUE}).")
    int connections = 64;

    @Option(names = "--depth", description = "Messages in flight per connection in the pipelined test (default: ${DEFAULT-VALUE}).")
    int depth = 16;

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "CPUs for the echo server (default: as the lab's).")
    String serverCpus;

    @Option(names = "--client-cpus", paramLabel = "LIST", description = "CPUs for the client (default: as the lab's).")
    String clientCpus;

    @Mixin
    ReportOptions output;

    static final List<String> COLUMNS = List.of("test", "connections", "depth", "size", "seconds", "messages",
            "messages_per_sec", "mb_per_sec", "rtt_p50_us", "rtt_p99_us", "rtt_max_us", "server_cpu_pct",
            "server_sys_pct", "client_cpu_pct");

    @Override
    public Integer call() throws Exception {
        var cpus = CpuSets.choose(serverCpus, clientCpus);
        var dir = output.directory("ceiling");
        var report = Report.create("Shardloop lab: the path's ceiling", "shardloop lab ceiling", null, COLUMNS, List.of(
                DisplayColumn.of("test", "test"),
                DisplayColumn.of("connections", "connections"),
                DisplayColumn.of("in flight", "depth"),
                DisplayColumn.of("messages/s", "messages_per_sec"),
                DisplayColumn.of("MB/s", "mb_per_sec"),
                DisplayColumn.of("RTT P50 µs", "rtt_p50_us"),
                DisplayColumn.of("RTT P99 µs", "rtt_p99_us"),
                new DisplayColumn("server CPU (sys)", r -> Fmt.value(r.get("server_cpu_pct")) + "% (" + Fmt.value(r.get("server_sys_pct")) + "%)"),
                new DisplayColumn("client CPU", r -> Fmt.value(r.get("client_cpu_pct")) + "%")));
        report.environment().put("placement", cpus.describe());
        report.environment().put("message", size + " bytes, echoed");
        if (!cpus.pinned()) {
            report.notes().add("Unpinned: the echo server and the client share the CPUs.");
        }
        var logs = dir.resolve("logs");
        int port = Ports.free();
        var peer = ChildJvm.start(ChildJvm.command(cpus.prefix(cpus.server()), List.of("-XX:+UseParallelGC", "-Xss256k"),
                EchoPeer.class.getName(), List.of(Integer.toString(port))), logs.resolve("ceiling-echo-server.log"));
        try {
            if (!Ports.await(port, peer, 30_000)) {
                throw new IllegalStateException("the echo server did not open port " + port + "; see " + logs);
            }
            var tests = List.of(new int[] {1, 1}, new int[] {connections, 1}, new int[] {connections, depth});
            var names = List.of("ping-pong", "parallel", "pipelined");
            var progress = new Progress(spec.commandLine().getErr(), tests.size(), duration.plus(warmup).plusSeconds(1), output.progressBar());
            for (int i = 0; i < tests.size(); i++) {
                int conns = tests.get(i)[0];
                int inFlight = tests.get(i)[1];
                progress.starting(names.get(i));
                var row = new LinkedHashMap<String, Object>();
                row.put("test", names.get(i));
                row.put("connections", conns);
                row.put("depth", inFlight);
                row.put("size", size);
                var watcher = new Watcher(peer.pid(), null, 100);
                try {
                    var r = ProbeRunner.run(cpus.prefix(cpus.client()), EchoProbe.class,
                            new EchoProbe.Args(port, conns, inFlight, size, duration.toMillis(), warmup.toMillis()),
                            EchoProbe.Result.class, logs.resolve("ceiling-" + names.get(i) + ".log"),
                            duration.plus(warmup).toMillis() + 60_000);
                    Thread.sleep(200);
                    var window = Watcher.window(watcher.stop(), duration.toNanos());
                    row.put("seconds", r.seconds());
                    row.put("messages", r.messages());
                    row.put("messages_per_sec", r.messagesPerSecond());
                    row.put("mb_per_sec", r.megabytesPerSecond());
                    row.put("rtt_p50_us", r.roundTrip().p50());
                    row.put("rtt_p99_us", r.roundTrip().p99());
                    row.put("rtt_max_us", r.roundTrip().max());
                    row.put("client_cpu_pct", r.cpu().processCpuPercent());
                    if (window != null) {
                        var f = ProcessFigures.between(window.first().server(), window.last().server());
                        row.put("server_cpu_pct", f.cpuPercent());
                        row.put("server_sys_pct", f.systemPercent());
                    }
                } catch (java.io.IOException e) {
                    watcher.stop();
                    report.notes().add(names.get(i) + " failed: " + e.getMessage());
                }
                report.add(row);
                progress.finished();
            }
        } finally {
            ChildJvm.stop(peer, 5_000);
        }
        report.notes().add("An HTTP request and its response are one message each way, like one echo round trip: "
                + "compare a lab run's req/s with 'parallel' (one in flight per connection) and 'pipelined'.");
        ReportOutput.finish(report, dir, spec.commandLine().getOut());
        return 0;
    }
}
