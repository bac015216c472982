package io.shardloop.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StallWatchdogTest {

    private static final StallWatchdog.Config FAST =
            new StallWatchdog.Config(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(10));

    @Test
    void aWorkerStuckPastItsThresholdIsReportedOnceNamingTheTask() throws Exception {
        var reports = new CopyOnWriteArrayList<StallReport>();
        var executor = WorkerExecutors.create(ExecutorKind.GLOBAL_QUEUE, 2, "shardloop-worker-");
        try (var watchdog = new StallWatchdog(FAST); var reg = watchdog.watch(executor)) {
            watchdog.onStall(reports::add);
            var done = new CountDownLatch(2);
            var stuck = new java.util.concurrent.atomic.AtomicReference<String>();
            executor.execute(() -> {
                stuck.set(Thread.currentThread().getName());
                slowTask(900);
                done.countDown();
            });
            executor.execute(() -> { // a fast task on the other worker is not a stall
                slowTask(5);
                done.countDown();
            });
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 500 && reports.isEmpty(); i++) {
                Thread.sleep(10); // the watchdog thread may lag on a loaded machine
            }
            Thread.sleep(100); // more polls after the episode ended: still one report
            var ofStuck = reports.stream().filter(r -> r.thread().equals(stuck.get())).toList();
            assertThat(ofStuck).as("reports of the stuck worker, of %s", reports).hasSize(1);
            var report = ofStuck.getFirst();
            assertThat(report.kind()).isEqualTo(BusyProbe.Kind.WORKER);
            assertThat(report.thread()).startsWith("shardloop-worker-");
            assertThat(report.culprit().getMethodName()).isEqualTo("slowTask");
            assertThat(report.message()).contains("StallWatchdogTest.slowTask");
            assertThat(watchdog.workerStalls()).isEqualTo(reports.size());
            assertThat(watchdog.loopStalls()).isZero();
        } finally {
            executor.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void eachStallEpisodeOfALoopIsReportedExactlyOnce() throws Exception {
        var reports = new CopyOnWriteArrayList<StallReport>();
        var loop = new FakeLoop();
        try (var watchdog = new StallWatchdog(FAST); var reg = watchdog.watch(loop)) {
            watchdog.onStall(reports::add);
            loop.runOnce(() -> slowTask(350)); // one long episode: one report, however many polls see it
            loop.runOnce(() -> slowTask(20)); // short: none
            loop.runOnce(() -> slowTask(250)); // a second episode: a second report
            for (int i = 0; i < 500 && reports.size() < 2; i++) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            // the two long episodes are reported, each once; the 20 ms one only if the machine stalled it
            assertThat(reports).hasSizeBetween(2, 3);
            assertThat(reports.stream().map(StallReport::busySinceNanos).distinct().count())
                    .as("one report per episode").isEqualTo(reports.size());
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.kind()).isEqualTo(BusyProbe.Kind.LOOP);
                assertThat(r.culprit().getMethodName()).isEqualTo("slowTask");
                assertThat(r.stalledNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
            });
            assertThat(watchdog.loopStalls()).isEqualTo(reports.size());
        } finally {
            loop.thread.interrupt();
        }
    }

    private static void slowTask(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A thread that marks itself busy around each task, like a loop between two selects. */
    private static final class FakeLoop implements BusyProbe {
        final java.util.concurrent.SynchronousQueue<Runnable> tasks = new java.util.concurrent.SynchronousQueue<>();
        final java.util.concurrent.SynchronousQueue<Boolean> done = new java.util.concurrent.SynchronousQueue<>();
        volatile long busySince;
        final Thread thread = Thread.ofPlatform().name("shardloop-loop-0").daemon(true).start(() -> {
            try {
                while (true) {
                    var task = tasks.take();
                    busySince = System.nanoTime();
                    task.run();
                    busySince = 0;
                    done.put(true);
                }
            } catch (InterruptedException e) {
                // test over
            }
        });

        void runOnce(Runnable task) throws InterruptedException {
            tasks.put(task);
            done.take();
        }

        @Override
        public String name() {
            return thread.getName();
        }

        @Override
        public Kind kind() {
            return Kind.LOOP;
        }

        @Override
        public Thread thread() {
            return thread;
        }

        @Override
        public long busySinceNanos() {
            return busySince;
        }
    }
}
