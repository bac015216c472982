package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.lab.report.ReportFiles;
import io.shardloop.stats.ProcSampler;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed experiments end to end with tiny sizes: real child JVMs, real sockets, real /proc. */
@Tag("slow")
class ExperimentsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(ProcSampler.available(), "needs Linux /proc");
    }

    @Test
    void ceilingMeasuresPingPongParallelAndPipelined() throws Exception {
        var run = LabRun.of("lab", "ceiling", "--duration", "500ms", "--warmup", "500ms", "--connections", "4",
                "--depth", "4", "--repeats", "2", "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("ping-pong").contains("pipelined");
        ReportFiles.csv(dir, CeilingCommand.COLUMNS, 3);
        var json = ReportFiles.json(dir, CeilingCommand.COLUMNS, 3);
        for (var row : json.get("rows")) {
            assertThat(row.get("messages").asLong()).as(row.toString()).isPositive();
            // a test keeps its fastest window and names its slowest
            assertThat(row.get("windows").asInt()).isEqualTo(2);
            assertThat(row.get("messages_per_sec_lo").asDouble()).as(row.toString())
                    .isPositive().isLessThanOrEqualTo(row.get("messages_per_sec").asDouble());
        }
        assertThat(json.get("rows")).extracting(r -> r.get("test").asText()).containsExactly("ping-pong", "parallel", "pipelined");
        ReportFiles.summary(dir, java.util.List.of("test", "connections", "in flight", "messages/s (slowest window)"));
    }

    @Test
    void threadsComparesScenarios() throws Exception {
        var run = LabRun.of("lab", "threads", "--scenarios", "new-thread,pool", "--concurrency", "4",
                "--duration", "200ms", "--work", "2000", "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();
        ReportFiles.csv(dir, ThreadsCommand.COLUMNS, 2);
        var json = ReportFiles.json(dir, ThreadsCommand.COLUMNS, 2);
        for (var row : json.get("rows")) {
            assertThat(row.get("tasks").asLong()).as(row.toString()).isPositive();
        }
        // new threads have a creation latency; the pool has a queue wait instead
        assertThat(json.get("rows").get(0).get("creation_p99_us").asDouble()).isPositive();
        assertThat(json.get("rows").get(1).get("queue_wait_p99_us").isNumber()).isTrue();
        ReportFiles.chart(dir, "tasks-per-sec");
        // ungrouped charts are linked once, after the tables
        assertThat(ReportFiles.summary(dir, java.util.List.of("scenario", "tasks/s"))).contains("(tasks-per-sec.png)");
    }

    @Test
    void runnableTimesTheSameWorkBesideOtherThreads() throws Exception {
        var run = LabRun.of("lab", "runnable", "--blocked", "200", "--yielding", "20", "--units", "40", "--work", "20000",
                "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();
        var json = ReportFiles.json(dir, RunnableCommand.COLUMNS, 3);
        assertThat(json.get("rows").get(0).get("slowdown").asDouble()).isEqualTo(1.0);
        assertThat(json.get("rows").get(1).get("extra_threads").asInt()).isEqualTo(200);
        for (var row : json.get("rows")) {
            assertThat(row.get("work_ms").asDouble()).as(row.toString()).isPositive();
        }
    }

    @Test
    void handoffComparesGlobalQueueAndWorkStealing() throws Exception {
        var run = LabRun.of("lab", "handoff", "--workers", "2", "--modes", "internal", "--duration", "200ms",
                "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();
        var json = ReportFiles.json(dir, HandoffCommand.COLUMNS, 2);
        for (var row : json.get("rows")) {
            assertThat(row.get("tasks").asLong()).as(row.toString()).isPositive();
            assertThat(row.get("queue_wait_p99_us").isNumber()).as(row.toString()).isTrue();
            assertThat(row.get("queue_wait_max_us").isNumber()).as(row.toString()).isTrue();
            // the verdict is a wall-clock judgement: its rule is tested on its own, here only that it is given
            assertThat(row.get("verdict").asText()).as(row.toString()).isIn("ok", "starvation");
        }
        assertThat(run.out()).contains("mode: internal").contains("global-queue").contains("work-stealing")
                .contains("verdict").contains("starvation: one task waited");
    }

    @Test
    void isolationTimesHeartbeatsOnTheAdminLoopAndOnTheDataLoops() throws Exception {
        var run = LabRun.of("lab", "isolation", "--models", "single-reactor", "--duration", "700ms", "--warmup", "200ms",
                "--connections", "16", "--pipeline", "4", "--out", dir.toString(), "--no-progress");
        assertThat(run.exit()).as(run.err()).isZero();
        var json = ReportFiles.json(dir, IsolationCommand.COLUMNS, 2);
        assertThat(json.get("rows").get(0).get("health_on").asText()).isEqualTo("admin loop");
        assertThat(json.get("rows").get(1).get("health_on").asText()).isEqualTo("data loops");
        for (var row : json.get("rows")) {
            assertThat(row.get("health_count").asLong()).as(row.toString()).isPositive();
            assertThat(row.get("data_requests_per_sec").asDouble()).as(row.toString()).isPositive();
        }
    }

    @Test
    void badFlagsNameTheFlag() {
        var run = LabRun.of("lab", "--workloads", "gopher");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--workloads").contains("http-keepalive");
        var cpus = LabRun.of("lab", "--server-cpus", "x");
        assertThat(cpus.exit()).isNotZero();
        assertThat(cpus.err()).contains("--server-cpus").contains("CPU list");
        var models = LabRun.of("lab", "--models", "fork-per-request");
        assertThat(models.err()).contains("--models").contains("shared-nothing");
    }
}
