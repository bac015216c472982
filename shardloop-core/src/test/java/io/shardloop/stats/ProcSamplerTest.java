package io.shardloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads /proc for real threads this test starts: a spinning one, a sleeping one, a blocked one. */
class ProcSamplerTest {

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(ProcSampler.available(), "needs Linux /proc");
    }

    @ParameterizedTest
    @CsvSource({
            "shardloop-accept, accept", "shardloop-accep, accept", "shardloop-main, main",
            "shardloop-loop-3, loop", "shardloop-loop-, loop", "shardloop-worker-12, worker", "shardloop-worke, worker",
            "shardloop-conn-7, connection", "shardloop-admin, admin", "ForkJoinPool-1-, carrier",
            "GC Thread#0, jvm", "C2 CompilerThre, jvm", "VM Thread, jvm", "pool-1-thread-1, other", "Thread-0, other"
    })
    void rolesComeFromNames(String name, String role) {
        assertThat(ThreadRole.of(name).label()).isEqualTo(role);
    }

    @Test
    void clockTicksAreRead() {
        assertThat(ProcSampler.clockTicksPerSecond()).isBetween(10L, 10_000L);
    }

    @Test
    void busyThreadShowsCpuAndSleepingThreadShowsVoluntarySwitches() throws Exception {
        var stop = new AtomicBoolean();
        var started = new CountDownLatch(3);
        var busy = new Thread(() -> {
            started.countDown();
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() & 7; // keep the loop from being optimised away
            }
            if (x == 42) System.out.print("");
        }, "shardloop-worker-1");
        var sleeper = new Thread(() -> {
            started.countDown();
            while (!stop.get()) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "shardloop-loop-1");
        var blocked = new Thread(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // stop
            }
        }, "shardloop-admin");
        busy.start();
        sleeper.start();
        blocked.start();
        try {
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            long pid = ProcessHandle.current().pid();
            var before = ProcSampler.sample(pid);
            // a busy thread gets CPU time even on a loaded machine; wait until a few ticks have accrued
            ProcessFigures figures;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                Thread.sleep(200);
                figures = ProcessFigures.between(before, ProcSampler.sample(pid));
            } while (figures.role(ThreadRole.WORKER).orElseThrow().cpuPercent() * figures.seconds() < 5
                    && System.nanoTime() < deadline);

            var worker = figures.threads().stream().filter(t -> t.name().equals("shardloop-worke")).findFirst().orElseThrow();
            var loop = figures.threads().stream().filter(t -> t.name().equals("shardloop-loop-")).findFirst().orElseThrow();
            var admin = figures.threads().stream().filter(t -> t.name().equals("shardloop-admin")).findFirst().orElseThrow();
            assertThat(worker.role()).isEqualTo(ThreadRole.WORKER);
            assertThat(worker.cpuPercent()).isGreaterThan(0);
            assertThat(worker.started()).isFalse();
            // sleeping 2 ms at a time blocks the thread: a voluntary switch each time
            assertThat(loop.voluntaryPerSecond() * figures.seconds()).isGreaterThan(10);
            assertThat(loop.role()).isEqualTo(ThreadRole.LOOP);
            // a thread parked for the whole window neither runs nor switches
            assertThat(admin.voluntaryPerSecond()).isZero();
            assertThat(admin.cpuPercent()).isZero();
            assertThat(figures.cpuPercent()).isGreaterThanOrEqualTo(worker.cpuPercent() - 1e-9);
            assertThat(figures.role(ThreadRole.WORKER).orElseThrow().threads()).isEqualTo(1);
            assertThat(figures.roles()).extracting(RoleFigures::role).contains(ThreadRole.JVM, ThreadRole.LOOP);
        } finally {
            stop.set(true);
            blocked.interrupt();
            busy.join();
            sleeper.join();
            blocked.join();
        }
    }

    @Test
    void threadsStartedInTheWindowAreCounted() throws Exception {
        long pid = ProcessHandle.current().pid();
        var before = ProcSampler.sample(pid);
        var release = new CountDownLatch(1);
        var running = new CountDownLatch(2);
        var threads = new Thread[2];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // stop
                }
            }, "shardloop-conn-" + i);
            threads[i].start();
        }
        try {
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            var figures = ProcessFigures.between(before, ProcSampler.sample(pid));
            assertThat(figures.threadsStarted()).isGreaterThanOrEqualTo(2);
            assertThat(figures.role(ThreadRole.CONNECTION).orElseThrow().threads()).isEqualTo(2);
            assertThat(figures.threads()).filteredOn(t -> t.role() == ThreadRole.CONNECTION).allMatch(ThreadFigures::started);
        } finally {
            release.countDown();
            for (var t : threads) t.join();
        }
    }

    @Test
    void machineCpuIsRead() throws Exception {
        var a = ProcSampler.system();
        Thread.sleep(100);
        var b = ProcSampler.system();
        assertThat(b.cpus()).isPositive();
        assertThat(b.totalTicks()).isGreaterThanOrEqualTo(a.totalTicks());
        assertThat(b.utilisationSince(a)).isBetween(0.0, 1.0);
        // steal is part of busy time and never runs backwards
        assertThat(b.stealTicks()).isBetween(a.stealTicks(), b.busyTicks());
        assertThat(b.stealSince(a)).isBetween(0.0, b.utilisationSince(a));
        var noise = MachineNoise.start();
        Thread.sleep(50);
        assertThat(noise.steal()).isBetween(0.0, 1.0);
        assertThat(noise.toString()).contains("load average").contains("steal");
    }

    @Test
    void statParsingSurvivesParenthesesAndSpacesInNames() {
        var line = "1234 (a (weird) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 17 5 0 0 20 0 1 0 9999 1000 10";
        var stat = ProcSampler.parseStat(line);
        assertThat(stat.user()).isEqualTo(17);
        assertThat(stat.system()).isEqualTo(5);
        assertThat(stat.start()).isEqualTo(9999);
    }
}
