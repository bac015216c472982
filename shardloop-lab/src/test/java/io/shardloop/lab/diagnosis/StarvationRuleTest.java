package io.shardloop.lab.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hand-off verdict on the figures that prompted it, and the near misses it must not name. */
class StarvationRuleTest {

    private final StarvationRule rule = StarvationRule.DEFAULTS;

    @Test
    void aOneSecondMaximumBesideAMicrosecondP99IsStarvation() {
        // issue 16: work-stealing, internal mode, before the fix
        assertThat(rule.verdict(1.66, 1_035_993)).isEqualTo(StarvationRule.STARVATION);
        assertThat(rule.verdict(100, 10_000)).isEqualTo(StarvationRule.STARVATION);
    }

    @Test
    void longButSharedWaitsAreNot() {
        assertThat(rule.verdict(4_456, 23_986)).isEqualTo(StarvationRule.OK); // global-queue, same run
        assertThat(rule.verdict(100, 9_999)).as("just under 100x").isEqualTo(StarvationRule.OK);
        assertThat(rule.verdict(1, 9_000)).as("under the floor").isEqualTo(StarvationRule.OK);
    }

    @Test
    void missingFiguresGiveNoVerdict() {
        assertThat(rule.verdict(Double.NaN, 5)).isEmpty();
    }
}
