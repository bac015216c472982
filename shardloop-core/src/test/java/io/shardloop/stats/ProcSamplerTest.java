package io.shardloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.testkit.MachineNoise;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads /proc for real threads this test starts: a spinning one, a sleeping one, a blocked one. */
class ProcSamplerTest {

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(ProcSampler.available(), "needs Linux /proc");
    }

    @ParameterizedTest
    @CsvSource({
            "shardloop-accept, accept", "shardloop-accep, accept", "shardloop-main, main",
            "shardloop-loop-3, loop", "shardloop-loop-, loop", "shardloop-worker-12, worker", "shardloop-worke, worker",
            "shardloop-conn-7, connection", "shardloop-admin, admin", "ForkJoinPool-1-, carrier",
            "GC Thread#0, jvm", "C2 CompilerThre, jvm", "VM Thread, jvm", "pool-1-thread-1, other", "Thread-0, other"
    })
    void rolesComeFromNames(String name, String role) {
        assertThat(ThreadRole.of(name).label()).isEqualTo(role);
    }

    @Test
    void clockTicksAreRead() {
        assertThat(ProcSampler.clockTicksPerSecond()).isBetween(10L, 10_000L);
    }

    @Test
    void machineCpuIsRead() throws Exception {
        var a = ProcSampler.system();
        Thread.sleep(100);
        var b = ProcSampler.system();
        assertThat(b.cpus()).isPositive();
        assertThat(b.totalTicks()).isGreaterThanOrEqualTo(a.totalTicks());
        assertThat(b.utilisationSince(a)).isBetween(0.0, 1.0);
        // steal is part of busy time and never runs backwards
        assertThat(b.stealTicks()).isBetween(a.stealTicks(), b.busyTicks());
        assertThat(b.stealSince(a)).isBetween(0.0, b.utilisationSince(a));
        var noise = MachineNoise.start();
        Thread.sleep(50);
        assertThat(noise.steal()).isBetween(0.0, 1.0);
        assertThat(noise.toString()).contains("load average").contains("steal");
    }

    @Test
    void statParsingSurvivesParenthesesAndSpacesInNames() {
        var line = "1234 (a (weird) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 17 5 0 0 20 0 1 0 9999 1000 10";
        var stat = ProcSampler.parseStat(line);
        assertThat(stat.user()).isEqualTo(17);
        assertThat(stat.system()).isEqualTo(5);
        assertThat(stat.start()).isEqualTo(9999);
    }
}
