package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardloop.lab.run.BuiltinDriver;
import io.shardloop.lab.run.LoadDriver;
import io.shardloop.lab.run.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The load arguments the lab builds for the https workloads parse into the spec they mean (nothing is run). */
class HttpsWorkloadArgsTest {

    @Test
    void theBuiltinGeneratorsArgumentsForEachHttpsWorkloadMeanWhatTheWorkloadSays(@TempDir Path dir) throws Exception {
        for (var w : List.of(Workload.HTTPS_KEEPALIVE, Workload.HTTPS_SHORT, Workload.HTTPS_SHORT_RESUMED)) {
            var spec = new LoadDriver.Spec(w, 8443, 8, 1, Duration.ofSeconds(2), Duration.ofSeconds(1));
            var cmd = new BuiltinDriver().commands(List.of(), spec, dir.resolve(w + ".json")).getFirst();
            var args = cmd.subList(cmd.indexOf("load") + 1, cmd.size());
            var command = new LoadCommand();
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
            var load = command.toSpec();
            assertThat(load.target().tls()).isTrue();
            assertThat(load.tls().insecure()).isTrue();
            assertThat(load.tls().resume()).isEqualTo(w.tls() == Workload.Tls.RESUME);
            assertThat(load.mode().jsonName()).isEqualTo(w.shortConnections() ? "short" : "keepalive");
        }
    }
}
