package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrkDriverTest {

    static final String OUTPUT = """
            Running 3s test @ http://127.0.0.1:8080/plaintext
              1 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   540.12us  100.00us   12.50ms   90.00%
                Req/Sec   120.00k     5.00k  130.00k    80.00%
              Latency Distribution
                 50%  500.00us
                 75%  600.00us
                 90%  700.00us
                 99%    1.20ms
              360123 requests in 3.00s, 45.00MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 5
            Requests/sec: 120041.00
            Transfer/sec:     15.00MB
            """;

    @Test
    void parsesLatencyDistributionAndErrors() {
        var o = WrkDriver.parse(OUTPUT);
        assertThat(o.requests()).isEqualTo(360_123);
        assertThat(o.seconds()).isEqualTo(3.0);
        assertThat(o.requestsPerSecond()).isEqualTo(120_041.0);
        assertThat(o.latencyMicros().p50()).isEqualTo(500.0);
        assertThat(o.latencyMicros().p90()).isEqualTo(700.0);
        assertThat(o.latencyMicros().p99()).isEqualTo(1200.0);
        assertThat(o.latencyMicros().max()).isEqualTo(12_500.0);
        assertThat(o.latencyMicros().mean()).isEqualTo(540.12);
        assertThat(o.latencyMicros().p999()).isNaN();
        assertThat(o.errors()).isEqualTo(8);
    }

    @Test
    void rejectsTextThatIsNotWrkOutput() {
        assertThatThrownBy(() -> WrkDriver.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .hasMessageContaining("not wrk output");
    }

    @Test
    void shortConnectionsSendConnectionCloseAndWarmUpRunsFirst(@TempDir java.nio.file.Path dir) throws Exception {
        var spec = new LoadDriver.Spec(Workload.HTTP_SHORT, 8080, 64, 1, Duration.ofSeconds(3), Duration.ofSeconds(1));
        var cmds = new WrkDriver().commands(List.of("taskset", "-c", "1"), spec, dir.resolve("load.json"));
        assertThat(cmds).hasSize(2);
        assertThat(cmds.get(0)).startsWith("taskset", "-c", "1", "wrk").contains("Connection: close").doesNotContain("--latency");
        assertThat(cmds.get(1)).contains("--latency", "3s", "http://127.0.0.1:8080/plaintext");
        assertThat(new WrkDriver().supports(Workload.ECHO)).isFalse();
    }

    @Test
    void builtinDriverPassesTheWorkloadsFlags(@TempDir java.nio.file.Path dir) {
        var spec = new LoadDriver.Spec(Workload.ECHO, 9000, 32, 2, Duration.ofMillis(1500), Duration.ZERO);
        var cmd = new BuiltinDriver().commands(List.of(), spec, dir.resolve("x.json")).getFirst();
        assertThat(String.join(" ", cmd)).contains("load tcp://127.0.0.1:9000 --connections 32 --threads 2 --duration 1500ms --warmup 0s")
                .contains("--protocol echo --size 64 --echo-codec stream");
        var pipelined = new BuiltinDriver().commands(List.of(), new LoadDriver.Spec(Workload.HTTP_PIPELINED, 9000, 8, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(1)), dir.resolve("y.json")).getFirst();
        assertThat(String.join(" ", pipelined)).contains("http://127.0.0.1:9000/plaintext").contains("--pipeline 16");
    }
}
