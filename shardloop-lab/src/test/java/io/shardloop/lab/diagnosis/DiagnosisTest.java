package io.shardloop.lab.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each rule on synthetic figures: the case it names, and a near miss it must not name. */
class DiagnosisTest {

    /** A mutable stand-in for the record, so each case states only what it changes. */
    static final class F {
        double rps = 100_000;
        long requests = 300_000;
        long errors = 0;
        int serverCores = 1;
        double serverUser = 70;
        double serverSys = 25;
        int clientCores = 1;
        double client = 60;
        double dispatcher = Double.NaN;
        double select = 0.05;
        double loopVol = 100;
        int loops = 1;
        double imbalance = Double.NaN;
        double churn = 0;
        double ceiling = Double.NaN;
        double otherServer = 0;
        double otherClient = 0;
        double steal = 0;
        int emulatedCores = 0;
        double coreShare = Double.NaN;
        double coresCpu = Double.NaN;

        RunFigures build() {
            return RunFigures.builder()
                    .requestsPerSecond(rps).requests(requests).errors(errors)
                    .serverCores(serverCores).serverCpuPercent(serverUser + serverSys)
                    .serverUserPercent(serverUser).serverSystemPercent(serverSys)
                    .clientCores(clientCores).clientCpuPercent(client)
                    .dispatcherCpuPercent(dispatcher).loopSelectShare(select).loopVoluntaryPerSecond(loopVol)
                    .loops(loops).loopImbalance(imbalance).threadsCreatedPerSecond(churn)
                    .ceilingRequestsPerSecond(ceiling).otherServerCpuPercent(otherServer)
                    .otherClientCpuPercent(otherClient).stealPercent(steal)
                    .emulatedCores(emulatedCores, coreShare, coresCpu)
                    .build();
        }

        Diagnosis diagnose() {
            return Diagnosis.of(build());
        }
    }

    @Test
    void aServerUsingItsCoreIsSaturated() {
        var d = new F().diagnose();
        assertThat(d.label()).isEqualTo("saturated");
        assertThat(d.line()).contains("95% of 1 core");
    }

    @Test
    void clientAtItsLimitWithServerHeadroomIsClientBound() {
        var f = new F();
        f.client = 99;
        f.serverUser = 40;
        f.serverSys = 15;
        assertThat(f.diagnose().label()).isEqualTo("client-bound");
        assertThat(f.diagnose().line()).contains("load generator 99% of 1 core(s)");
    }

    @Test
    void bothSaturatedIsNotBlamedOnTheClient() {
        var f = new F();
        f.client = 99;
        assertThat(f.diagnose().label()).isEqualTo("saturated");
        assertThat(f.diagnose().has("client-bound")).isFalse();
    }

    @Test
    void clientLoadIsMeasuredAgainstItsCores() {
        var f = new F();
        f.clientCores = 2;
        f.client = 99; // half of two cores
        f.serverUser = 30;
        f.serverSys = 10;
        assertThat(f.diagnose().has("client-bound")).isFalse();
    }

    @Test
    void busyMainLoopWithIdleSubLoopsIsDispatcherBound() {
        var f = new F();
        f.serverCores = 4;
        f.serverUser = 120;
        f.serverSys = 60;
        f.dispatcher = 97;
        f.loops = 4;
        f.select = 0.6;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("dispatcher-bound");
        assertThat(d.line()).contains("main loop 97% CPU").contains("60% in select");
    }

    @Test
    void busyMainLoopWithBusySubLoopsIsNotDispatcherBound() {
        var f = new F();
        f.dispatcher = 97;
        f.select = 0.1;
        assertThat(f.diagnose().has("dispatcher-bound")).isFalse();
    }

    @Test
    void systemTimeFarAboveUserIsARemarkWithItsFigureNotTheVerdict() {
        var f = new F();
        f.serverUser = 25;
        f.serverSys = 70;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("saturated");
        assertThat(d.line()).isEqualTo("saturated (server 95% of 1 core(s)); kernel share (sys 74% of server CPU)");
    }

    @Test
    void evenSplitHasNoKernelRemark() {
        var f = new F();
        f.serverUser = 48;
        f.serverSys = 47;
        assertThat(f.diagnose().has("kernel share")).isFalse();
    }

    @Test
    void aKernelHeavyServerBehindOneDispatcherIsDispatcherBound() {
        var f = new F();
        f.serverCores = 4;
        f.serverUser = 40;
        f.serverSys = 140;
        f.dispatcher = 97;
        f.loops = 4;
        f.select = 0.6;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("dispatcher-bound");
        assertThat(d.has("kernel share")).isTrue();
    }

    @Test
    void starvedLoopsComeBeforeThreadChurn() {
        var f = new F();
        f.serverCores = 4;
        f.serverUser = 100;
        f.serverSys = 60;
        f.loops = 8;
        f.loopVol = 12_000;
        f.select = 0.45;
        f.churn = 4_000;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("starved loops");
        assertThat(d.has("thread churn")).isTrue();
    }

    @Test
    void onEmulatedCoresAMainThreadAtItsBudgetIsDispatcherBound() {
        var f = new F();
        f.emulatedCores = 9;
        f.coreShare = 0.1;
        f.serverUser = 30;
        f.serverSys = 15;
        f.coresCpu = 45; // half of 9 x 10%
        f.dispatcher = 9.8;
        f.loops = 8;
        f.select = 0.6;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("dispatcher-bound");
        assertThat(d.line()).contains("main loop 98% of its emulated core (9.8% CPU), IO loops 60% in select");
        f.emulatedCores = 0; // the same figures on a real core: the main thread is nearly idle
        assertThat(f.diagnose().has("dispatcher-bound")).isFalse();
    }

    @Test
    void onEmulatedCoresLoadIsMeasuredAgainstTheBudgets() {
        var f = new F();
        f.emulatedCores = 9;
        f.coreShare = 0.1;
        f.serverUser = 80;
        f.serverSys = 30; // the whole JVM, JIT included
        f.coresCpu = 85; // the cores alone: 94% of 9 x 10%
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("saturated");
        assertThat(d.line()).startsWith("saturated (server's 9 emulated cores 94% busy (85% CPU at 10% each))");
        f.coresCpu = 30;
        f.client = 30;
        assertThat(f.diagnose().label()).isEqualTo("latency-bound");
    }

    @Test
    void manyThreadsCreatedPerSecondIsChurn() {
        var f = new F();
        f.churn = 4_000;
        f.serverUser = 40;
        f.serverSys = 30;
        assertThat(f.diagnose().label()).isEqualTo("thread churn");
        assertThat(f.diagnose().line()).contains("4000 threads created/s");
        f.churn = 3;
        assertThat(f.diagnose().has("thread churn")).isFalse();
    }

    @Test
    void loopsThatSwitchAndWaitWhileTheServerIdlesAreStarved() {
        var f = new F();
        f.serverCores = 4;
        f.serverUser = 100;
        f.serverSys = 60; // 40% of 4 cores
        f.loops = 8;
        f.loopVol = 12_000;
        f.select = 0.45;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("starved loops");
        assertThat(d.line()).contains("12000 voluntary switches/s per loop");
    }

    @Test
    void loopsThatSwitchButFillTheCoresAreNotStarved() {
        var f = new F();
        f.loops = 2;
        f.loopVol = 12_000;
        f.select = 0.45;
        assertThat(f.diagnose().has("starved loops")).isFalse();
        assertThat(f.diagnose().label()).isEqualTo("saturated");
    }

    @Test
    void unevenLoopsAreARemarkAddedToTheVerdict() {
        var f = new F();
        f.loops = 4;
        f.imbalance = 2.4;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("saturated");
        assertThat(d.has("imbalanced loops")).isTrue();
        assertThat(d.line()).startsWith("saturated").contains("; imbalanced loops (busiest/idlest loop 2.4x)");
        f.imbalance = 1.2;
        assertThat(f.diagnose().has("imbalanced loops")).isFalse();
        f.imbalance = 3;
        f.loops = 1;
        assertThat(f.diagnose().has("imbalanced loops")).isFalse();
    }

    @Test
    void errorsOutrankEverything() {
        var f = new F();
        f.errors = 10_000;
        f.client = 99;
        assertThat(f.diagnose().label()).isEqualTo("failing");
        f.errors = 3; // 0.001%: noise, not failure
        assertThat(f.diagnose().has("failing")).isFalse();
    }

    @Test
    void throughputAtTheCalibratedCeilingIsPathBound() {
        var f = new F();
        f.serverUser = 40;
        f.serverSys = 20;
        f.ceiling = 110_000;
        assertThat(f.diagnose().label()).isEqualTo("path-bound");
        f.ceiling = 400_000;
        assertThat(f.diagnose().has("path-bound")).isFalse();
    }

    @Test
    void aRunFasterThanItsCalibrationIsNotPathBoundAndSaysTheCalibrationIsWrong() {
        // lab ceiling's old blocking echo: parallel 96,571 msg/s while single-reactor served 171,682 req/s (issue 15)
        var f = new F();
        f.rps = 171_682;
        f.serverUser = 40;
        f.serverSys = 20;
        f.ceiling = 96_571;
        var d = f.diagnose();
        assertThat(d.has("path-bound")).isFalse();
        assertThat(d.has("beats its calibration")).isTrue();
        assertThat(d.line()).contains("178% of the path's ceiling of 96571/s: the calibration is wrong, not the run");
        f.ceiling = 170_000; // within the noise of two sittings: still at the ceiling
        assertThat(f.diagnose().label()).isEqualTo("path-bound");
        assertThat(f.diagnose().has("beats its calibration")).isFalse();
    }

    @Test
    void otherProcessesOnTheServersCpusMakeTheRunContended() {
        var f = new F();
        f.serverUser = 8;
        f.serverSys = 3;
        f.client = 15;
        f.otherServer = 85;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("contended");
        assertThat(d.line()).contains("other processes used 85% of the server's 1 CPU(s)").endsWith("; besides: latency-bound");
        f.otherServer = 5;
        f.otherClient = 60;
        assertThat(f.diagnose().line()).contains("60% of the client's 1 CPU(s)");
        f.otherClient = 10;
        assertThat(f.diagnose().has("contended")).isFalse();
    }

    @Test
    void hypervisorStealMakesTheRunContended() {
        var f = new F();
        f.serverUser = 8;
        f.serverSys = 3;
        f.client = 15;
        f.steal = 4.9;
        assertThat(f.diagnose().has("contended")).isFalse();
        f.steal = 12;
        var d = f.diagnose();
        assertThat(d.label()).isEqualTo("contended");
        assertThat(d.line()).contains("the hypervisor stole 12% of the machine's CPU time")
                .doesNotContain("other processes");
        f.otherClient = 60;
        assertThat(f.diagnose().line()).contains("other processes used 60% of the client's 1 CPU(s); the hypervisor"
                + " stole 12%");
    }

    @Test
    void neitherSideBusyIsLatencyBound() {
        var f = new F();
        f.serverUser = 20;
        f.serverSys = 10;
        f.client = 35;
        assertThat(f.diagnose().label()).isEqualTo("latency-bound");
    }

    @Test
    void unmeasuredFiguresDoNotFireRules() {
        var d = Diagnosis.of(RunFigures.unknown());
        assertThat(d.findings()).isEmpty();
        assertThat(d.label()).isEqualTo("unexplained");
    }
}
