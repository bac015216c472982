package io.shardloop.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkStealingExecutorTest {

    @Test
    void idleWorkersStealFromAFloodedOne() throws Exception {
        int subtasks = 2_000;
        var executor = new WorkStealingExecutor(ExecutorConfig.defaults(3, "ws-worker-"));
        var runs = new AtomicIntegerArray(subtasks);
        var done = new CountDownLatch(subtasks);
        var release = new CountDownLatch(1);
        // one task floods its own worker's deque, then blocks that worker: only thieves can run the subtasks
        executor.execute(() -> {
            for (int i = 0; i < subtasks; i++) {
                int id = i;
                executor.execute(() -> {
                    runs.incrementAndGet(id);
                    done.countDown();
                });
            }
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        boolean allRan = done.await(30, TimeUnit.SECONDS);
        release.countDown();
        assertThat(allRan).as("subtasks ran while their owner was blocked").isTrue();
        assertShutsDown(executor);
        for (int i = 0; i < subtasks; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
        var stats = executor.stats();
        // the deque holds 1024; overflow goes to the inbox, so at least the deque's share was stolen
        assertThat(stats.steals()).isGreaterThanOrEqualTo(1024);
        assertThat(stats.tasksCompleted()).isEqualTo(subtasks + 1);
    }

    @Test
    void parkedWorkersWakeForLateWork() throws Exception {
        var executor = new WorkStealingExecutor(ExecutorConfig.defaults(2, "ws-worker-"));
        for (int round = 0; round < 200; round++) {
            var ran = new CountDownLatch(1);
            executor.execute(ran::countDown);
            assertThat(ran.await(30, TimeUnit.SECONDS)).as("round %d", round).isTrue();
            if (round % 50 == 0) {
                Thread.sleep(20); // let every worker park
            }
        }
        assertShutsDown(executor);
        assertThat(executor.stats().tasksCompleted()).isEqualTo(200);
    }

    /** The workers' own tallies: running tasks show as active, and submissions from workers and outside both count. */
    @Test
    void statsCountWhatWorkersRunAndSubmit() throws Exception {
        var executor = new WorkStealingExecutor(ExecutorConfig.defaults(2, "ws-worker-"));
        var started = new CountDownLatch(2);
        var release = new CountDownLatch(1);
        var children = new CountDownLatch(10);
        for (int i = 0; i < 2; i++) {
            executor.execute(() -> {
                for (int c = 0; c < 5; c++) {
                    executor.execute(children::countDown); // from a worker: its tally counts the submission
                }
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        var busy = executor.stats();
        assertThat(busy.activeThreads()).as("both workers inside a task").isEqualTo(2);
        assertThat(busy.tasksSubmitted()).isEqualTo(12);
        assertThat(busy.tasksCompleted()).as("at most the children, stolen meanwhile").isLessThanOrEqualTo(10);
        release.countDown();
        assertThat(children.await(30, TimeUnit.SECONDS)).isTrue();
        assertShutsDown(executor);
        var done = executor.stats();
        assertThat(done.tasksSubmitted()).isEqualTo(12);
        assertThat(done.tasksCompleted()).isEqualTo(12);
        assertThat(done.activeThreads()).isZero();
        assertThat(done.tasksRejected()).isZero();
    }

    /** Shuts the executor down, saying how long it took and what it held when it did not stop in time. */
    private static void assertShutsDown(WorkStealingExecutor executor) {
        long start = System.nanoTime();
        boolean stopped = executor.shutdown(Duration.ofSeconds(30));
        assertThat(stopped).as("shut down; returned after %d ms, caller interrupted: %s, %s",
                (System.nanoTime() - start) / 1_000_000, Thread.currentThread().isInterrupted(), executor.stats()).isTrue();
    }
}
