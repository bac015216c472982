package io.shardloop.lab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ThreadRole;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Figures between two /proc samples of real threads this test starts: a spinning one, a sleeping one, a blocked one. */
class ProcessFiguresTest {

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(ProcSampler.available(), "needs Linux /proc");
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
}
