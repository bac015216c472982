package io.shardloop.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many producers, every task run exactly once; at shutdown every task is either run or reported rejected. */
class ExecutorConservationTest {

    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 25_000;

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void everyTaskRunsExactlyOnce(ExecutorKind kind) throws Exception {
        var executor = WorkerExecutors.create(kind, 3, "test-worker-");
        var runs = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        var producers = new ArrayList<Thread>();
        var start = new CountDownLatch(1);
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                await(start);
                for (int i = 0; i < PER_PRODUCER; i++) {
                    int id = base + i;
                    executor.execute(() -> runs.incrementAndGet(id));
                }
            }));
        }
        start.countDown();
        for (var t : producers) {
            t.join();
        }
        assertThat(executor.shutdown(Duration.ofSeconds(60))).as("drained within grace").isTrue();

        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
        }
        var stats = executor.stats();
        assertThat(stats.kind()).isEqualTo(kind.cliName());
        assertThat(stats.tasksSubmitted()).isEqualTo(PRODUCERS * PER_PRODUCER);
        assertThat(stats.tasksCompleted()).isEqualTo(PRODUCERS * PER_PRODUCER);
        assertThat(stats.tasksRejected()).isZero();
        assertThat(stats.queued()).isZero();
        assertThat(stats.activeThreads()).isZero();
        assertThat(stats.threadsDestroyed()).isEqualTo(stats.threadsCreated());
        assertThat(stats.liveThreads()).isZero();
        assertThat(stats.queueWaitMaxNanos()).isPositive();
        assertThat(stats.queueWaitP50Nanos()).isLessThanOrEqualTo(stats.queueWaitP99Nanos());
    }

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void shutdownRacingProducersLosesNothing(ExecutorKind kind) throws Exception {
        var executor = WorkerExecutors.create(kind, 2, "test-worker-");
        int cap = 200_000;
        var runs = new AtomicIntegerArray(PRODUCERS * cap);
        var accepted = new AtomicIntegerArray(PRODUCERS * cap);
        var refused = new AtomicLong();
        var producers = new ArrayList<Thread>();
        var halfway = new CountDownLatch(PRODUCERS);
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * cap;
            producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                for (int i = 0; i < cap; i++) {
                    int id = base + i;
                    if (i == 2_000) {
                        halfway.countDown();
                    }
                    try {
                        executor.execute(() -> runs.incrementAndGet(id));
                        accepted.set(id, 1);
                    } catch (RejectedExecutionException e) {
                        refused.incrementAndGet();
                        if (i > 2_000) {
                            return; // shut down: stop producing
                        }
                    }
                }
            }));
        }
        halfway.await();
        assertThat(executor.shutdown(Duration.ofSeconds(60))).isTrue();
        for (var t : producers) {
            t.join();
        }
        long ran = 0;
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(accepted.get(i));
            ran += runs.get(i);
        }
        var stats = executor.stats();
        assertThat(stats.tasksCompleted()).isEqualTo(ran);
        assertThat(stats.tasksRejected()).isEqualTo(refused.get());
        assertThat(stats.tasksSubmitted()).isEqualTo(stats.tasksCompleted() + stats.tasksRejected());
    }

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void threadsAreNamedByRoleAndCounted(ExecutorKind kind) throws Exception {
        var executor = WorkerExecutors.create(kind, 2, "shardloop-worker-");
        var names = ConcurrentHashMap.<String>newKeySet();
        var done = new CountDownLatch(2);
        var barrier = new java.util.concurrent.CyclicBarrier(2);
        for (int i = 0; i < 2; i++) {
            executor.execute(() -> {
                names.add(Thread.currentThread().getName());
                try {
                    barrier.await(); // forces the two tasks onto two different workers
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(names).isEqualTo(Set.of("shardloop-worker-0", "shardloop-worker-1"));
        assertThat(executor.stats().threadsCreated()).isEqualTo(2);
        assertThat(executor.shutdown(Duration.ofSeconds(30))).isTrue();
        assertThat(executor.stats().threadsDestroyed()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void aTaskSeesTheExecutorRunningIt(ExecutorKind kind) throws Exception {
        var executor = WorkerExecutors.create(kind, 2, "test-worker-");
        var seen = new java.util.concurrent.CompletableFuture<java.util.Optional<WorkerExecutor>>();
        executor.execute(() -> seen.complete(WorkerExecutors.current()));
        assertThat(seen.get(30, java.util.concurrent.TimeUnit.SECONDS)).containsSame(executor);
        assertThat(WorkerExecutors.current()).isEmpty();
        assertThat(executor.shutdown(Duration.ofSeconds(30))).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
