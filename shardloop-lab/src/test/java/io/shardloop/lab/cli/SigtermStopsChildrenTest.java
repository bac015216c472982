package io.shardloop.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.lab.advise.TinyApp;
import io.shardloop.lab.run.ChildJvm;
import io.shardloop.stats.ProcSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code shardloop advise} process while its child server JVM serves: the advisor exits and no
 * process it started survives it (ProcessHandle descendants, checked by pid).
 */
@Tag("slow")
class SigtermStopsChildrenTest {

    @TempDir
    Path dir;

    @Test
    void sigtermToAdviseStopsItsServerAndLoadGenerator() throws Exception {
        assumeTrue(ProcSampler.available(), "needs Linux /proc");
        var jar = TinyApp.jar(dir);
        var log = dir.resolve("advise.log");
        // one long run, so that SIGTERM lands while its server (and load generator) run
        var advise = ChildJvm.start(ChildJvm.cli(List.of(), List.of(), List.of("advise", "--app-jar", jar.toString(),
                "--models", "thread-per-connection", "--connections", "2", "--duration", "120s", "--warmup", "1s",
                "--out", dir.resolve("report").toString(), "--no-progress")), log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // JVM start-ups on a busy 2-CPU machine
            List<ProcessHandle> children = List.of();
            while (System.nanoTime() < deadline && advise.isAlive()) {
                children = advise.descendants().toList();
                if (children.stream().anyMatch(p -> runs(p, " serve ")) && children.stream().anyMatch(p -> runs(p, " load "))) {
                    break;
                }
                Thread.sleep(100);
            }
            var started = "advise's log:\n" + Files.readString(log);
            assertThat(children).as("a server started; " + started).anyMatch(p -> runs(p, " serve "));
            assertThat(children).as("a load generator started; " + started).anyMatch(p -> runs(p, " load "));

            advise.destroy(); // SIGTERM
            assertThat(advise.waitFor(30, TimeUnit.SECONDS)).as("advise exits on SIGTERM").isTrue();
            for (var child : children) {
                child.onExit().get(10, TimeUnit.SECONDS); // throws if it is still running
                assertThat(child.isAlive()).as("child %d (%s) survived", child.pid(), child.info().commandLine()).isFalse();
            }
        } finally {
            advise.descendants().forEach(ProcessHandle::destroyForcibly);
            advise.destroyForcibly();
        }
    }

    private static boolean runs(ProcessHandle p, String command) {
        return p.info().commandLine().map(c -> c.contains(command)).orElse(false);
    }
}
