package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuSetsTest {

    @Test
    void twoCpusGiveOneEach() {
        var c = CpuSets.defaults(2, true);
        assertThat(c.server()).isEqualTo("0");
        assertThat(c.client()).isEqualTo("1");
        assertThat(c.overlap()).isFalse();
        assertThat(c.prefix(c.server())).containsExactly("taskset", "-c", "0");
    }

    @Test
    void largerMachinesSplitInHalves() {
        var c = CpuSets.defaults(16, true);
        assertThat(c.server()).isEqualTo("0-7");
        assertThat(c.client()).isEqualTo("8-15");
        assertThat(c.serverCores()).isEqualTo(8);
    }

    @Test
    void oneCpuRunsUnpinned() {
        var c = CpuSets.defaults(1, true);
        assertThat(c.pinned()).isFalse();
        assertThat(c.prefix("0")).isEmpty();
    }

    @Test
    void listsAreParsedAndBadOnesExplained() {
        assertThat(CpuSets.count("0-3,6,8-9")).isEqualTo(7);
        assertThat(new CpuSets("0-1", "1-2", true).overlap()).isTrue();
        assertThatThrownBy(() -> CpuSets.count("a-b")).hasMessageContaining("not a CPU list");
        assertThatThrownBy(() -> CpuSets.count("3-1")).hasMessageContaining("not a CPU list");
    }
}
