package io.shardloop.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.lab.diagnosis.Diagnosis;
import io.shardloop.lab.diagnosis.RunFigures;
import io.shardloop.lab.matrix.MatrixReport;
import io.shardloop.lab.matrix.RunResult;
import io.shardloop.lab.run.Latency;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    private static RunResult run(Workload workload, ModelKind model, int threads, double rps) {
        var f = RunFigures.builder().requestsPerSecond(rps).requests((long) rps * 3)
                .serverCpuPercent(90).serverUserPercent(60).serverSystemPercent(30).clientCpuPercent(70)
                .loopSelectShare(0.1).loopVoluntaryPerSecond(500).loops(threads).loopImbalance(1.1)
                .threadsCreatedPerSecond(0).otherServerCpuPercent(0).otherClientCpuPercent(0).stealPercent(0).build();
        return new RunResult(workload, model, threads, 64, "builtin", "0", "1", 3, (long) rps * 3, 0, rps,
                new Latency(200, 400, 900, 2000, 5000, 250), new ProcessFigures(1, 3, 90, 60, 30, 0, 0, 0, List.of(), List.of()),
                null, List.of(), 0, f, Diagnosis.of(f), null, null);
    }

    @Test
    void writesCsvJsonSummaryAndCharts() throws Exception {
        var report = MatrixReport.create("shardloop lab --test", List.of("http-keepalive", "echo"));
        MatrixReport.add(report, run(Workload.HTTP_KEEPALIVE, ModelKind.MAIN_SUB, 1, 50_000));
        MatrixReport.add(report, run(Workload.HTTP_KEEPALIVE, ModelKind.MAIN_SUB, 2, 60_000));
        MatrixReport.add(report, run(Workload.HTTP_KEEPALIVE, ModelKind.SINGLE_REACTOR, 1, 70_000));
        MatrixReport.add(report, run(Workload.ECHO, ModelKind.SINGLE_REACTOR, 1, 90_000));
        MatrixReport.add(report, RunResult.failed(Workload.ECHO, ModelKind.MAIN_SUB, 1, 64, "builtin", "0", "1", "port never opened"));
        report.notes().add("a note");

        var charts = ReportWriter.write(dir, report);

        var lines = ReportFiles.csv(dir, MatrixReport.COLUMNS, 5);
        assertThat(lines.get(1)).startsWith("http-keepalive,main-sub,1,64,builtin,0,1,3,150000,0,50000,200,");
        var json = ReportFiles.json(dir, MatrixReport.COLUMNS, 5);
        assertThat(json.get("rows").get(4).get("requests_per_sec").isNull()).isTrue(); // NaN becomes null
        assertThat(json.get("details").get("settings")).hasSize(5);
        // the typed workload and model keep their CLI names in the JSON details
        var first = json.get("details").get("settings").get(0);
        assertThat(first.get("median").get("workload").asText()).isEqualTo("http-keepalive");
        assertThat(first.get("windows").get(0).get("model").asText()).isEqualTo("main-sub");
        var md = ReportFiles.summary(dir, MatrixReport.DISPLAY.stream().filter(c -> !c.optional()).map(DisplayColumn::header).toList());
        assertThat(md).contains("## workload: http-keepalive").contains("## workload: echo")
                .contains("| main-sub | 2 | 60,000 | 0.200 | 0.900 |").contains("failed: port never opened")
                .contains("![req/s vs threads (http-keepalive)](rps-http-keepalive.png)").contains("> a note");
        for (var name : List.of("rps-http-keepalive", "p99-http-keepalive", "cpu-http-keepalive", "rps-echo", "p99-echo", "cpu-echo")) {
            ReportFiles.chart(dir, name);
        }
        assertThat(charts).hasSize(12);
        assertThat(md).contains("![server CPU µs per request vs threads (http-keepalive)](cpu-http-keepalive.png)");

        var text = ReportWriter.text(report);
        assertThat(text).contains("workload: echo").contains("single-reactor").contains("60,000");
    }

    /** The handshake column is an https table's alone: a plaintext table does not carry it empty. */
    @Test
    void handshakeColumnOnlyWhereTheRunsHandshake() throws Exception {
        var report = MatrixReport.create("shardloop lab --test", List.of("http-short", "https-short"));
        MatrixReport.add(report, run(Workload.HTTP_SHORT, ModelKind.SINGLE_REACTOR, 1, 9_000));
        var f = RunFigures.builder().requestsPerSecond(800).requests(2_400).serverCpuPercent(95).clientCpuPercent(60)
                .handshakes(800, 12.5, 900).build();
        MatrixReport.add(report, new RunResult(Workload.HTTPS_SHORT, ModelKind.SINGLE_REACTOR, 1, 64, "builtin", "0", "1",
                3, 2_400, 0, 800, new Latency(200, 400, 900, 2000, 5000, 250), null, null, List.of(), 0, f,
                Diagnosis.of(f), null, null));
        ReportWriter.write(dir, report);

        var lines = ReportFiles.csv(dir, MatrixReport.COLUMNS, 2);
        assertThat(lines.get(2)).contains(",800,12.5000,900,");
        var md = java.nio.file.Files.readString(dir.resolve(ReportWriter.SUMMARY));
        var plain = md.substring(md.indexOf("## workload: http-short"), md.indexOf("## workload: https-short"));
        var tls = md.substring(md.indexOf("## workload: https-short"));
        assertThat(plain).doesNotContain("handshake ms");
        assertThat(tls).contains("| handshake ms / task µs |").contains("| 12.5/900 |");
    }
}
