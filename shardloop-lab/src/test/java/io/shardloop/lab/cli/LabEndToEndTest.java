package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.lab.matrix.MatrixReport;
import io.shardloop.lab.report.DisplayColumn;
import io.shardloop.lab.report.ReportFiles;
import io.shardloop.stats.ProcSampler;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardloop lab} end to end with tiny durations: real server and load generator JVMs, pinned when taskset
 * is there; checks every file of the report and that the runs measured something.
 */
@Tag("slow")
class LabEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void twoModelsOneWorkloadWriteTheWholeReport() throws Exception {
        assumeTrue(ProcSampler.available(), "needs Linux /proc");
        var run = LabRun.of("lab", "--models", "single-reactor,main-sub", "--threads", "1", "--workloads", "http-keepalive",
                "--duration", "1s", "--warmup", "300ms", "--warmup-cap", "3s", "--repeats", "1", "--forks", "2", "--connections", "8",
                "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();

        var lines = ReportFiles.csv(dir, MatrixReport.COLUMNS, 2);
        var json = ReportFiles.json(dir, MatrixReport.COLUMNS, 2);
        for (var row : json.get("rows")) {
            assertThat(row.get("diagnosis").asText()).as(row.toString()).doesNotStartWith("failed");
            assertThat(row.get("requests").asLong()).as(row.toString()).isPositive();
            assertThat(row.get("requests_per_sec").asDouble()).isPositive();
            assertThat(row.get("p99_us").asDouble()).isPositive();
            assertThat(row.get("server_cpu_pct").isNumber()).as("server CPU measured: " + row).isTrue();
            // a window in each of two JVMs, another in a JVM whose window was disturbed (up to four): the median
            // lies within their range
            assertThat(row.get("jvms").asInt()).isEqualTo(2);
            assertThat(row.get("windows").asInt()).as(row.toString()).isBetween(2, 4);
            assertThat(row.get("requests_per_sec_lo").asDouble()).isLessThanOrEqualTo(row.get("requests_per_sec").asDouble());
            assertThat(row.get("requests_per_sec_hi").asDouble()).isGreaterThanOrEqualTo(row.get("requests_per_sec").asDouble());
            assertThat(row.get("warmup_s").asDouble()).as("warmed at least --warmup").isGreaterThanOrEqualTo(0.3);
        }
        var runs = json.get("details").get("settings");
        for (int i = 0; i < runs.size(); i++) {
            // every window is kept; those left out of the figures are named in the row
            int all = runs.get(i).get("windows").size();
            var row = json.get("rows").get(i);
            assertThat(all).isBetween(2, 4).isGreaterThanOrEqualTo(row.get("windows").asInt());
            assertThat(row.get("noise").asText().contains("(left out)")).as(row.toString())
                    .isEqualTo(row.get("windows").asInt() < all);
        }
        assertThat(runs.get(0).get("median").get("server").get("roles")).isNotEmpty();
        for (var setting : java.util.List.of("http-keepalive-single-reactor-t1", "http-keepalive-main-sub-t1")) {
            assertThat(dir.resolve("logs").resolve(setting + "-server.log")).exists();
            assertThat(dir.resolve("logs").resolve(setting + "-f2-server.log")).as("its second JVM's log").exists();
        }
        // the admin /stats gave per-loop figures (select share, messages) for at least one run
        assertThat(runs.get(0).get("median").get("loops").size() + runs.get(1).get("median").get("loops").size()).isPositive();
        assertThat(lines.get(1)).startsWith("http-keepalive,single-reactor,1,8,builtin");

        var md = ReportFiles.summary(dir, MatrixReport.DISPLAY.stream().filter(c -> !c.optional()).map(DisplayColumn::header).toList());
        assertThat(md).contains("## workload: http-keepalive").contains("| single-reactor | 1 |").contains("| main-sub | 1 |");
        ReportFiles.chart(dir, "rps-http-keepalive");
        ReportFiles.chart(dir, "p99-http-keepalive");
        ReportFiles.chart(dir, "cpu-http-keepalive");

        assertThat(run.out()).contains("workload: http-keepalive").contains("single-reactor").contains("diagnosis")
                .contains(dir.resolve("summary.md").toString());
    }
}
