package io.shardloop.lab.cores;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCgroupsTest {

    @TempDir
    Path dir;

    @Test
    void aTreeWithoutTheCpuControllerIsRefusedInOneLine() {
        var open = CpuCgroups.open(dir);
        assertThat(open).isInstanceOf(CpuCgroups.Availability.Missing.class);
        var why = ((CpuCgroups.Availability.Missing) open).why();
        assertThat(why).contains("cgroup v1 cpu controller at " + dir).contains("cpu.cfs_quota_us").doesNotContain("\n");
    }
}
