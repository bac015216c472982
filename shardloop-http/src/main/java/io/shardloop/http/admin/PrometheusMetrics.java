package io.shardloop.http.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.shardloop.exec.StallWatchdog;
import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ServerStats;
import io.shardloop.stats.TlsStats;
import io.shardloop.stats.ThreadRole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The body of GET /metrics in the Prometheus text format (0.0.4), built at scrape time from the server's
 * {@link ServerStats}, the stall watchdog's counters and /proc (CPU and context switches per thread role).
 * Thread contract: any thread; stateless.
 */
final class PrometheusMetrics {

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private PrometheusMetrics() {
    }

    static byte[] write(ServerStats stats, StallWatchdog watchdog) {
        var out = new ByteArrayOutputStream(8192);
        try {
            WRITER.write(out, snapshots(stats, watchdog));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static MetricSnapshots snapshots(ServerStats s, StallWatchdog watchdog) {
        var all = new ArrayList<MetricSnapshot>();
        var model = Labels.of("model", s.model());
        all.add(gauge("shardloop_uptime_seconds", "Time since the server started.", model, s.uptimeNanos() / 1e9));
        all.add(gauge("shardloop_connections_active", "Connections open now.", model, s.connectionsActive()));
        all.add(counter("shardloop_messages", "Inbound messages decoded.", model, s.messages()));
        all.add(counter("shardloop_connection_threads_started", "Threads created for connections (connection-thread models).",
                model, s.connectionThreadsCreated()));
        loops(all, s.loops());
        var e = s.executor();
        if (e != null) {
            var ex = Labels.of("executor", e.kind());
            all.add(counter("shardloop_executor_tasks_submitted", "Tasks handed to the executor.", ex, e.tasksSubmitted()));
            all.add(counter("shardloop_executor_tasks_completed", "Tasks run to the end.", ex, e.tasksCompleted()));
            all.add(counter("shardloop_executor_tasks_rejected", "Tasks refused (shut down or full) or dropped at shutdown.",
                    ex, e.tasksRejected()));
            all.add(counter("shardloop_executor_threads_started", "Worker threads started.", ex, e.threadsCreated()));
            all.add(counter("shardloop_executor_threads_ended", "Worker threads ended.", ex, e.threadsDestroyed()));
            all.add(counter("shardloop_executor_steals", "Tasks taken from another worker's queue.", ex, e.steals()));
            all.add(gauge("shardloop_executor_threads_active", "Workers running a task now.", ex, e.activeThreads()));
            all.add(gauge("shardloop_executor_threads_live", "Workers alive now.", ex, e.liveThreads()));
            all.add(gauge("shardloop_executor_queued", "Tasks waiting to start.", ex, e.queued()));
            all.add(GaugeSnapshot.builder().name("shardloop_executor_queue_wait_seconds")
                    .help("Queue wait over the executor's life, by quantile (1 = max).")
                    .dataPoint(gaugePoint(ex.add("quantile", "0.5"), e.queueWaitP50Nanos() / 1e9))
                    .dataPoint(gaugePoint(ex.add("quantile", "0.99"), e.queueWaitP99Nanos() / 1e9))
                    .dataPoint(gaugePoint(ex.add("quantile", "1"), e.queueWaitMaxNanos() / 1e9))
                    .build());
            all.add(CounterSnapshot.builder().name("shardloop_dispatch_inlined")
                    .help("Handler calls a worker model ran on the loop instead of handing them off, by reason.")
                    .dataPoint(counterPoint(ex.add("reason", "busy"), e.inlinedWhenBusy()))
                    .dataPoint(counterPoint(ex.add("reason", "non_blocking"), e.inlinedNonBlocking()))
                    .build());
        }
        tls(all, s.tls());
        if (watchdog != null) {
            all.add(CounterSnapshot.builder().name("shardloop_stalls")
                    .help("Stall episodes seen by the watchdog: loops that did not return to select, workers stuck in a task.")
                    .dataPoint(counterPoint(Labels.of("kind", "loop"), watchdog.loopStalls()))
                    .dataPoint(counterPoint(Labels.of("kind", "worker"), watchdog.workerStalls()))
                    .build());
        }
        roles(all);
        return new MetricSnapshots(all);
    }

    private static void tls(List<MetricSnapshot> all, TlsStats t) {
        if (t == null) {
            return;
        }
        var mode = Labels.of("handshake", t.handshakeMode());
        all.add(CounterSnapshot.builder().name("shardloop_tls_handshakes")
                .help("TLS handshakes by outcome: completed in full, completed by resuming a session, failed.")
                .dataPoint(counterPoint(mode.add("result", "full"), t.handshakes() - t.resumed()))
                .dataPoint(counterPoint(mode.add("result", "resumed"), t.resumed()))
                .dataPoint(counterPoint(mode.add("result", "failed"), t.failed()))
                .build());
        all.add(counter("shardloop_tls_handshake_seconds", "Wall time of the completed TLS handshakes, summed.", mode,
                t.handshakeNanos() / 1e9));
        all.add(counter("shardloop_tls_handshake_task_seconds",
                "Time in the TLS engine's delegated tasks (key exchange, signature), wherever they ran.", mode,
                t.taskNanos() / 1e9));
    }

    private static void loops(List<MetricSnapshot> all, List<LoopStats> loops) {
        if (loops.isEmpty()) {
            return;
        }
        Function<LoopStats, Labels> labels = l -> Labels.of("loop", l.name(), "role", l.role());
        all.add(loopCounter("shardloop_loop_select_seconds", "Wall time blocked in select.", loops, labels,
                l -> l.selectNanos() / 1e9));
        all.add(loopCounter("shardloop_loop_wakeups", "Returns from select.", loops, labels, LoopStats::wakeups));
        all.add(loopCounter("shardloop_loop_events", "I/O events handled.", loops, labels, LoopStats::events));
        all.add(loopCounter("shardloop_loop_tasks", "Tasks run from the loop's queue.", loops, labels, LoopStats::tasks));
        all.add(loopCounter("shardloop_loop_connections_accepted", "Connections accepted or handed to the loop.", loops,
                labels, LoopStats::connectionsAccepted));
        all.add(loopCounter("shardloop_loop_messages", "Inbound messages decoded.", loops, labels, LoopStats::messages));
        all.add(loopCounter("shardloop_loop_read_bytes", "Bytes read from sockets.", loops, labels, LoopStats::bytesRead));
        all.add(loopCounter("shardloop_loop_written_bytes", "Bytes written to sockets.", loops, labels,
                LoopStats::bytesWritten));
        all.add(loopCounter("shardloop_loop_registration_failures", "Connections closed because the loop could not "
                + "register them or change their registration (epoll_ctl failed).", loops, labels, LoopStats::registrationFailures));
        var active = GaugeSnapshot.builder().name("shardloop_loop_connections_active").help("Connections the loop owns now.");
        loops.forEach(l -> active.dataPoint(gaugePoint(labels.apply(l), l.connectionsActive())));
        all.add(active.build());
    }

    /** CPU seconds and context switches of this process's threads, summed by role (from /proc). */
    private static void roles(List<MetricSnapshot> all) {
        if (!ProcSampler.available()) {
            return;
        }
        var sample = ProcSampler.sample(ProcessHandle.current().pid());
        double hz = ProcSampler.clockTicksPerSecond();
        var sums = new EnumMap<ThreadRole, long[]>(ThreadRole.class); // user, system, voluntary, involuntary, threads
        for (var t : sample.threads()) {
            var a = sums.computeIfAbsent(t.role(), r -> new long[5]);
            a[0] += t.userTicks();
            a[1] += t.systemTicks();
            a[2] += t.voluntarySwitches();
            a[3] += t.involuntarySwitches();
            a[4]++;
        }
        var cpu = CounterSnapshot.builder().name("shardloop_thread_cpu_seconds")
                .help("CPU time of the live threads of each role, user and system (threads that ended are not counted).");
        var switches = CounterSnapshot.builder().name("shardloop_thread_context_switches")
                .help("Context switches of the live threads of each role: voluntary (blocked) and involuntary (preempted).");
        var threads = GaugeSnapshot.builder().name("shardloop_threads").help("Live threads of each role.");
        sums.forEach((role, a) -> {
            cpu.dataPoint(counterPoint(Labels.of("role", role.label(), "mode", "user"), a[0] / hz));
            cpu.dataPoint(counterPoint(Labels.of("role", role.label(), "mode", "system"), a[1] / hz));
            switches.dataPoint(counterPoint(Labels.of("role", role.label(), "kind", "voluntary"), a[2]));
            switches.dataPoint(counterPoint(Labels.of("role", role.label(), "kind", "involuntary"), a[3]));
            threads.dataPoint(gaugePoint(Labels.of("role", role.label()), a[4]));
        });
        all.add(cpu.build());
        all.add(switches.build());
        all.add(threads.build());
    }

    private static MetricSnapshot loopCounter(String name, String help, List<LoopStats> loops,
                                              Function<LoopStats, Labels> labels, ToDoubleFunction<LoopStats> value) {
        var b = CounterSnapshot.builder().name(name).help(help);
        loops.forEach(l -> b.dataPoint(counterPoint(labels.apply(l), value.applyAsDouble(l))));
        return b.build();
    }

    private static MetricSnapshot counter(String name, String help, Labels labels, double value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(counterPoint(labels, value)).build();
    }

    private static MetricSnapshot gauge(String name, String help, Labels labels, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(gaugePoint(labels, value)).build();
    }

    private static CounterDataPointSnapshot counterPoint(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static GaugeDataPointSnapshot gaugePoint(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
