package io.shardloop.lab.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.lab.diagnosis.Diagnosis;
import io.shardloop.lab.diagnosis.RunFigures;
import io.shardloop.lab.run.Latency;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.ThreadFigures;
import io.shardloop.stats.ThreadRole;
import io.shardloop.lab.run.SteadyState;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several windows of one setting as one row. */
class RepeatedRunTest {

    /** A 2 s window of main-sub at {@code rps} with the verdict {@code label}; nothing else measured. */
    private static RunResult window(double rps, String label) {
        return window(rps, label, 0, 0, null);
    }

    /** A 2 s window of main-sub at {@code rps}, with steal, other processes' CPU and the server's figures. */
    private static RunResult window(double rps, String label, double steal, double others, ProcessFigures server) {
        var f = RunFigures.builder().requestsPerSecond(rps).requests((long) (2 * rps)).errors(0).serverCores(1)
                .clientCores(1).otherServerCpuPercent(others).otherClientCpuPercent(0).stealPercent(steal).build();
        return new RunResult(Workload.HTTP_KEEPALIVE, ModelKind.MAIN_SUB, 1, 64, "builtin", "0", "1", 2, (long) (2 * rps), 0,
                rps, new Latency(100, 200, 300, 400, 500, 150), server, null, List.of(), 0, f,
                new Diagnosis(label, label + " (figures)", List.of()), null, null);
    }

    /** A server at {@code cpu}% of a CPU over 2 s, of which its C2 compiler thread took {@code jit}%. */
    private static ProcessFigures server(double cpu, double jit) {
        var c2 = new ThreadFigures(2, "C2 CompilerThre", ThreadRole.JVM, jit, jit, 0, 1, 1, false);
        var loop = new ThreadFigures(3, "shardloop-loop-", ThreadRole.LOOP, cpu - jit, (cpu - jit) / 2, (cpu - jit) / 2, 1, 1, false);
        return new ProcessFigures(1, 2, cpu, cpu / 2, cpu / 2, 0, 0, 0, List.of(loop, c2), List.of());
    }

    @Test
    void aDisturbedWindowIsLeftOutOfTheFiguresWhenTwoOthersAreClean() {
        var ws = List.of(window(100, "saturated"), window(40, "client-bound", 30, 0, null), window(104, "saturated"));
        var s = RepeatedRun.of(ws, null);
        assertThat(s.judged()).containsExactly(ws.get(0), ws.get(2));
        assertThat(s.requestsPerSecond().median()).isEqualTo(102);
        assertThat(s.requestsPerSecond().low()).isEqualTo(100);
        assertThat(s.diagnosisLine()).as("the left-out window's verdict is not an edge").isEqualTo("saturated (figures)");
        assertThat(s.noise()).containsExactly("window 2 (left out): steal 30%");
        assertThat(MatrixReport.row(s).get("windows")).isEqualTo(2);
    }

    @Test
    void withFewerThanTwoCleanWindowsEveryWindowCounts() {
        var ws = List.of(window(100, "saturated"), window(40, "saturated", 30, 0, null), window(60, "saturated", 0, 20, null));
        var s = RepeatedRun.of(ws, null);
        assertThat(RepeatedRun.clean(ws)).containsExactly(ws.get(0));
        assertThat(s.judged()).hasSize(3);
        assertThat(s.requestsPerSecond().median()).isEqualTo(60);
        assertThat(s.noise()).containsExactly("window 2: steal 30%", "window 3: other processes 20% of a CPU");
    }

    @Test
    void theJitDisturbsAWindowFromATenthOfACpuAndIsNotTheModelsCost() {
        var compiling = window(100, "saturated", 0, 0, server(90, 18));
        var quiet = window(100, "saturated", 0, 0, server(90, 6));
        assertThat(RepeatedRun.disturbed(compiling)).isTrue();
        assertThat(RepeatedRun.disturbed(quiet)).isFalse();
        // 200 requests in 2 s; (90% - 18%) of 2 s is 1.44 s of CPU without the compiler: 7,200 µs each
        assertThat(compiling.serverMicrosPerRequest()).isCloseTo(7_200, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(quiet.serverMicrosPerRequest()).isCloseTo(8_400, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void theMedianWindowStandsForTheSettingAndTheRangeCoversTheWindows() {
        var ws = List.of(window(85_322, "saturated"), window(70_681, "saturated"), window(60_982, "saturated"));
        var s = RepeatedRun.of(ws, new SteadyState.Outcome(3.5, true, 0.01, 0.05));
        assertThat(s.median()).isSameAs(ws.get(1));
        assertThat(s.requestsPerSecond().low()).isEqualTo(60_982);
        assertThat(s.requestsPerSecond().high()).isEqualTo(85_322);
        assertThat(s.diagnosisLine()).isEqualTo("saturated (figures)");
        assertThat(s.noise()).isEmpty();

        var row = MatrixReport.row(s);
        assertThat(row.get("requests_per_sec")).isEqualTo(70_681.0);
        assertThat(row.get("requests_per_sec_lo")).isEqualTo(60_982.0);
        assertThat(row.get("requests_per_sec_hi")).isEqualTo(85_322.0);
        assertThat(row.get("windows")).isEqualTo(3);
        assertThat(row.get("warmup_steady")).isEqualTo("yes");
        assertThat(MatrixReport.DISPLAY.stream().filter(c -> c.header().equals("req/s")).findFirst().orElseThrow()
                .format().apply(row)).isEqualTo("70,681 ±17%");
    }

    @Test
    void aVerdictThatChangesBetweenWindowsIsAtItsRulesEdge() {
        var s = RepeatedRun.of(List.of(window(100, "saturated"), window(101, "client-bound"), window(99, "saturated")), null);
        assertThat(s.diagnosisLine()).isEqualTo("saturated (figures) (at a rule's edge: windows 2 saturated, 1 client-bound)");
    }

    @Test
    void aFailedWindowIsNamedAndLeftOutOfTheFigures() {
        var failed = RunMeasurement.failed(new RunCase(Workload.HTTP_KEEPALIVE, ModelKind.MAIN_SUB, 1, 64, "builtin",
                io.shardloop.lab.run.CpuSets.choose(null, null), Double.NaN), "load generator exited 1");
        var ws = new ArrayList<>(List.of(window(100, "saturated"), failed, window(110, "saturated")));
        var s = RepeatedRun.of(ws, null);
        assertThat(s.measured()).hasSize(2);
        assertThat(s.requestsPerSecond().median()).isEqualTo(105);
        assertThat(s.failure()).isNull();
        assertThat(s.noise()).containsExactly("window 2: failed (load generator exited 1)");
        assertThat(RepeatedRun.of(List.of(failed), null).failure()).isEqualTo("load generator exited 1");
    }

    @Test
    void aWarmUpThatHitItsCapIsNoise() {
        var s = RepeatedRun.of(List.of(window(100, "saturated")), new SteadyState.Outcome(10, false, 0.2, 0.05));
        assertThat(s.noise()).containsExactly("warm-up stopped at its cap after 10 s (the JIT at 20% of a CPU)");
        assertThat(MatrixReport.row(s).get("warmup_steady")).isEqualTo("no");
    }

    @Test
    void windowsAlternateTheirOrder() {
        var abc = List.of("a", "b", "c");
        assertThat(MatrixPlan.inRound(abc, 0)).containsExactly("a", "b", "c");
        assertThat(MatrixPlan.inRound(abc, 1)).containsExactly("c", "b", "a");
        assertThat(MatrixPlan.inRound(abc, 2)).containsExactly("a", "b", "c");
    }
}
