package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab --emulate-cores} where it cannot work: one line saying what is missing, and nothing run. */
class LabEmulateCoresTest {

    @TempDir
    Path dir;

    @Test
    void withoutACgroupCpuTreeItRefusesInOneLine() {
        var run = LabRun.of("lab", "--emulate-cores", "--cgroup-root", dir.resolve("nowhere").toString(),
                "--models", "main-sub", "--threads", "1", "--out", dir.resolve("out").toString(), "--no-progress");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err().strip().lines().count()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("--emulate-cores needs the cgroup v1 cpu controller").contains("cpu.cfs_quota_us");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aCoreShareNeedsEmulation() {
        var run = LabRun.of("lab", "--core-share", "0.1", "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--core-share needs --emulate-cores");
    }
}
