package io.shardloop.lab.cores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoreBudgetTest {

    @Test
    void theQuotaIsTheKernelsMinimumAndThePeriodFollowsTheShare() {
        var eighth = CoreBudget.of(1.0 / 8);
        assertThat(eighth.quotaMicros()).isEqualTo(1_000);
        assertThat(eighth.periodMicros()).isEqualTo(8_000);
        assertThat(CoreBudget.of(0.1).periodMicros()).isEqualTo(10_000);
        assertThat(CoreBudget.of(1).periodMicros()).isEqualTo(1_000);
        assertThat(CoreBudget.of(0.1).toString()).isEqualTo("10.0% of a CPU (quota 1 ms per 10 ms period)");
    }

    @Test
    void sharesTheKernelCannotEnforceAreRefused() {
        assertThatThrownBy(() -> CoreBudget.of(0.0005)).hasMessageContaining("above 0.001");
        assertThatThrownBy(() -> CoreBudget.of(1.5)).hasMessageContaining("at most 1");
        assertThatThrownBy(() -> new CoreBudget(10_000, 500)).hasMessageContaining("quota of 1 ms or more");
    }

    @Test
    void aGroupMayHaveSeveralCpus() {
        assertThat(CoreBudget.ofCpus(2.5)).isEqualTo(new CoreBudget(10_000, 25_000));
        assertThat(CoreBudget.ofCpus(0.5)).isEqualTo(CoreBudget.of(0.5));
    }

    @Test
    void theDefaultSplitsTheServersCpusBetweenTheMostIoThreadsAndTheJvm() {
        assertThat(CoreBudget.defaultShare(1, 9)).isEqualTo(0.1); // main-sub at 8 sub-loops
        assertThat(CoreBudget.defaultShare(2, 3)).isEqualTo(0.5);
        assertThat(CoreBudget.defaultShare(4, 1)).isEqualTo(1.0);
    }

    @Test
    void cpuStatParsesV1AndV2() {
        var v1 = ThrottleStat.parse("nr_periods 2900\nnr_throttled 401\nthrottled_time 812000000\nnr_bursts 0\n");
        assertThat(v1).isEqualTo(new ThrottleStat(2900, 401, 812_000_000));
        var v2 = ThrottleStat.parse("usage_usec 5\nnr_periods 10\nnr_throttled 3\nthrottled_usec 1500\n");
        assertThat(v2).isEqualTo(new ThrottleStat(10, 3, 1_500_000));
    }
}
