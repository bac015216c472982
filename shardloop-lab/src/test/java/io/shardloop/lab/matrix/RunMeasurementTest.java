package io.shardloop.lab.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.shardloop.stats.ExecutorStats;
import io.shardloop.lab.diagnosis.Diagnosis;
import io.shardloop.lab.run.CpuSets;
import io.shardloop.lab.run.Latency;
import io.shardloop.lab.run.LoadOutcome;
import io.shardloop.lab.run.Watcher;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ProcessSample;
import io.shardloop.stats.ServerStats;
import io.shardloop.stats.SystemCpuSample;
import io.shardloop.stats.ThreadRole;
import io.shardloop.stats.ThreadSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A matrix run's figures from synthetic samples, without child JVMs: a main-sub server on CPU 0 with a main loop
 * at 30% and two sub-loops at 20% each (3:1 messages), a client at 60% on CPU 1, 10% of each CPU taken by other
 * processes and 2% of the machine stolen, load from 0.5 s to 2.5 s and a window of 1 s.
 */
class RunMeasurementTest {

    private static final long HZ = ProcSampler.clockTicksPerSecond();
    private static final CpuSets PINNED = new CpuSets("0", "1", true);
    private static final LoadOutcome LOAD = new LoadOutcome(1.0, 40_000, 0, 40_000,
            new Latency(100, 200, 300, 400, 500, 150), 55);

    /** Clock ticks used by something that takes {@code percent} of a CPU, after {@code ms}. */
    private static long ticks(long ms, long percent) {
        return ms * HZ * percent / 100_000;
    }

    private static ThreadSample thread(int tid, String name, long user, long vol) {
        return new ThreadSample(tid, name, ThreadRole.of(name), user, 0, vol, 0, 1);
    }

    private static LoopStats loop(String name, String role, long ms, long messages) {
        return new LoopStats(name, role, ms * 400_000, ms, ms, 0, 0, 0, messages, 0, 0);
    }

    private static ExecutorStats executor(long threadsCreated) {
        return new ExecutorStats("global-queue", 0, 0, 0, threadsCreated, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static List<Watcher.Tick> ticks(boolean withStats) {
        var out = new ArrayList<Watcher.Tick>();
        for (long ms = 0; ms <= 3000; ms += 100) {
            long load = Math.clamp(ms - 500, 0, 2000); // ms of load so far
            var threads = List.of(thread(1, "shardloop-main", ticks(ms, 30), 0),
                    thread(2, "shardloop-loop-0", ticks(ms, 20), ms),
                    thread(3, "shardloop-loop-1", ticks(ms, 20), ms));
            var server = new ProcessSample(10, ms * 1_000_000, ticks(ms, 70), ticks(ms, 10), threads);
            var client = ms > 2600 ? null : new ProcessSample(20, ms * 1_000_000, ticks(ms, 60), 0, List.of());
            var stats = !withStats ? null : new ServerStats("main-sub", ms, List.of(loop("shardloop-main", "main", ms, 0),
                    loop("shardloop-loop-0", "sub", ms, 3 * load), loop("shardloop-loop-1", "sub", ms, load)),
                    executor(load / 200), 10 * load, 0, 4 * load, "epoll");
            var cpu0 = new SystemCpuSample.CpuTicks(0, ticks(ms, 90), ticks(ms, 100));
            var cpu1 = new SystemCpuSample.CpuTicks(1, ticks(ms, 70), ticks(ms, 100));
            var machine = new SystemCpuSample(ms * 1_000_000, ticks(ms, 160), ticks(ms, 200), ticks(ms, 4), 2,
                    List.of(cpu0, cpu1));
            out.add(new Watcher.Tick(ms * 1_000_000, server, client, stats, machine));
        }
        return out;
    }

    private static RunCase mainSub(ModelKind model) {
        return new RunCase(Workload.HTTP_KEEPALIVE, model, 2, 64, "builtin", PINNED, 80_000);
    }

    @Test
    void figuresOfTheWindow() {
        var r = RunMeasurement.measure(mainSub(ModelKind.MAIN_SUB_WORKERS), LOAD, ticks(true));
        var f = r.figures();
        assertThat(f.serverCpuPercent()).isCloseTo(80, within(1e-6));
        assertThat(f.serverUserPercent()).isCloseTo(70, within(1e-6));
        assertThat(f.serverSystemPercent()).isCloseTo(10, within(1e-6));
        assertThat(f.dispatcherCpuPercent()).isCloseTo(30, within(1e-6));
        assertThat(f.clientCpuPercent()).as("from /proc, not the generator's own figure").isCloseTo(60, within(1e-6));
        assertThat(f.loops()).isEqualTo(2);
        assertThat(f.loopSelectShare()).isCloseTo(0.4, within(1e-9));
        assertThat(f.loopImbalance()).isCloseTo(3.0, within(1e-9));
        assertThat(f.loopVoluntaryPerSecond()).isCloseTo(1000, within(1e-6));
        assertThat(f.otherServerCpuPercent()).isCloseTo(10, within(1e-6));
        assertThat(f.otherClientCpuPercent()).isCloseTo(10, within(1e-6));
        assertThat(f.stealPercent()).isCloseTo(2, within(1e-6));
        // 5 worker threads and 10 connection threads per 1,000 ms of load
        assertThat(f.threadsCreatedPerSecond()).isCloseTo(10_005, within(1e-6));
        assertThat(f.ceilingRequestsPerSecond()).isEqualTo(80_000);
        assertThat(f.requestsPerSecond()).isEqualTo(40_000);
        assertThat(r.diagnosis()).isEqualTo(Diagnosis.of(f));
        assertThat(r.serverMicrosPerRequest()).isCloseTo(0.8 * 1e6 / 40_000, within(1e-6));
        assertThat(r.selectShare()).isCloseTo(0.4, within(1e-9));
        assertThat(r.server().seconds()).isCloseTo(1.0, within(1e-9));
        assertThat(r.loops()).extracting(LoopFigures::role).containsExactly("main", "sub", "sub");
        assertThat(r.failure()).isNull();
    }

    @Test
    void virtualThreadsAreNotThreadChurn() {
        var f = RunMeasurement.measure(mainSub(ModelKind.VIRTUAL_THREADS), LOAD, ticks(true)).figures();
        assertThat(f.threadsCreatedPerSecond()).as("the executor's 5/s only").isCloseTo(5, within(1e-6));
    }

    @Test
    void withoutStatsTheCpuMarksTheWindowAndLoopFiguresAreUnknown() {
        var r = RunMeasurement.measure(mainSub(ModelKind.MAIN_SUB), LOAD, ticks(false));
        var f = r.figures();
        assertThat(r.loops()).isEmpty();
        assertThat(f.loopSelectShare()).isNaN();
        assertThat(f.loopImbalance()).isNaN();
        assertThat(f.loops()).as("loop threads seen in /proc").isEqualTo(2);
        assertThat(f.serverCpuPercent()).isCloseTo(80, within(1e-6));
    }

    @Test
    void noWindowLeavesTheLoadGeneratorsFigures() {
        var r = RunMeasurement.measure(mainSub(ModelKind.MAIN_SUB), LOAD, List.of());
        var f = r.figures();
        assertThat(r.server()).isNull();
        assertThat(f.serverCpuPercent()).isNaN();
        assertThat(f.clientCpuPercent()).isEqualTo(55);
        assertThat(f.otherServerCpuPercent()).isNaN();
        assertThat(f.stealPercent()).isNaN();
        assertThat(r.requests()).isEqualTo(40_000);
        assertThat(r.latencyMicros().p99()).isEqualTo(300);
    }

    @Test
    void aFailedRunKeepsItsSettingAndSaysWhy() {
        var r = RunMeasurement.failed(mainSub(ModelKind.MAIN_SUB), "port never opened");
        assertThat(r.model()).isEqualTo(ModelKind.MAIN_SUB);
        assertThat(r.serverCpus()).isEqualTo("0");
        assertThat(r.diagnosis().line()).isEqualTo("failed: port never opened");
        assertThat(r.figures().requestsPerSecond()).isNaN();
    }
}
