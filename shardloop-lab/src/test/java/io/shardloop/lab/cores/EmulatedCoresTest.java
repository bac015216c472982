package io.shardloop.lab.cores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.lab.run.ChildJvm;
import io.shardloop.lab.run.Ports;
import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ThreadRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets for a real server JVM in the machine's cgroup v1 cpu tree: set up per IO thread, and gone after the
 * server is killed, after close, and after the janitor ran (Ctrl-C). Skips where the tree is not writable.
 */
@Tag("slow")
@Timeout(120)
class EmulatedCoresTest {

    @TempDir
    Path dir;

    private CpuCgroups cgroups;
    private Process server;

    @BeforeEach
    void startServer() throws Exception {
        var open = CpuCgroups.open();
        assumeTrue(open instanceof CpuCgroups.Availability.Usable, () -> "no writable cgroup cpu tree: "
                + ((CpuCgroups.Availability.Missing) open).why());
        cgroups = ((CpuCgroups.Availability.Usable) open).cgroups();
        int port = Ports.free();
        server = ChildJvm.start(ChildJvm.cli(List.of(), List.of(), List.of("serve", "--protocol", "http", "--model",
                "main-sub", "--threads", "2", "--port", Integer.toString(port), "--admin-port", "0")), dir.resolve("server.log"));
        assertThat(Ports.await(port, server, 60_000)).as("server port").isTrue();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            ChildJvm.stop(server, 5_000);
        }
        CgroupJanitor.removeAll();
    }

    @Test
    void eachIoThreadGetsItsOwnBudgetAndTheGroupsGoWhenTheServerIsKilled() throws Exception {
        var cores = EmulatedCores.place(cgroups, server.pid(), CoreBudget.of(0.2), 1);
        var top = cores.directory();
        assertThat(top).isDirectory();
        var groups = cores.snapshot();
        // main-sub with 2 sub-loops: the main thread and two loops, each alone in its group, and the JVM's group
        assertThat(groups.cores()).extracting(CoreGroups.Group::role)
                .containsExactlyInAnyOrder(ThreadRole.MAIN, ThreadRole.LOOP, ThreadRole.LOOP);
        assertThat(groups.cores()).allSatisfy(g -> assertThat(g.tids()).hasSize(1));
        var jvm = groups.groups().stream().filter(g -> g.name().equals("jvm")).findFirst().orElseThrow();
        assertThat(jvm.tids()).hasSizeGreaterThan(5);
        for (var sub : cgroups.subgroups(top)) {
            // each core 20% of the one CPU (1 ms per 5 ms); the JVM's group what the three cores leave, 40%
            boolean jvmGroup = sub.getFileName().toString().equals("jvm");
            assertThat(Files.readString(sub.resolve("cpu.cfs_period_us")).trim()).isEqualTo(jvmGroup ? "2500" : "5000");
            assertThat(Files.readString(sub.resolve("cpu.cfs_quota_us")).trim()).isEqualTo("1000");
        }
        var placed = groups.groups().stream().flatMap(g -> g.tids().stream()).toList();
        var io = ProcSampler.sample(server.pid(), true).threads().stream().filter(t -> EmulatedCores.isIo(t.role()))
                .map(t -> t.tid()).toList();
        assertThat(placed).containsAll(io);

        server.destroyForcibly();
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(gone(top, 10_000)).as("cgroups of the killed server removed: " + top).isTrue();
        assertThat(CgroupJanitor.live()).doesNotContain(top);
    }

    @Test
    void closeAndTheJanitorRemoveTheGroupsOfALiveServer() throws Exception {
        var cores = EmulatedCores.place(cgroups, server.pid(), CoreBudget.of(0.25), 1);
        cores.close();
        assertThat(cores.directory()).doesNotExist();
        assertThat(server.isAlive()).as("its threads went back to the root, alive").isTrue();

        var again = EmulatedCores.place(cgroups, server.pid(), CoreBudget.of(0.25), 1);
        CgroupJanitor.removeAll(); // what the shutdown hook runs on Ctrl-C
        assertThat(again.directory()).doesNotExist();
        assertThat(cgroups.children(EmulatedCores.PREFIX + ProcessHandle.current().pid() + "-")).isEmpty();
    }

    @Test
    void groupsLeftByADeadLabAreSwept() throws Exception {
        // pid 2^22 + 1 is above the kernel's pid_max default; no such process
        var stale = cgroups.create(EmulatedCores.PREFIX + "4194305-4194306");
        cgroups.create(stale.getFileName() + "/jvm");
        EmulatedCores.sweepStale(cgroups);
        assertThat(stale).doesNotExist();
    }

    private static boolean gone(Path dir, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (!Files.exists(dir)) return true;
            Thread.sleep(50);
        }
        return false;
    }
}
