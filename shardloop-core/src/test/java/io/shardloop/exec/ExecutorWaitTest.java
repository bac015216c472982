package io.shardloop.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Queue wait is bounded by the work queued ahead, on every executor (issue 16): waits are counted in positions
 * ({@link WaitLedger}), never in wall-clock time, so a noisy machine cannot fail or pass them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecutorWaitTest {

    private static final int WORKERS = 3;
    /** Positions a descheduled worker may lose on two shared CPUs; starvation shows as thousands (see the run max). */
    private static final int PREEMPTED = 32;
    private static volatile long sink;

    /**
     * The most positions a task may wait with {@code ahead} tasks queued before it. One FIFO queue (global-queue,
     * elastic, and virtual's queue in front of the JDK scheduler): only those, plus the tasks racing it in. Work
     * stealing, per task ahead: one cadence look, which takes a task queued ahead or moves the task's own queue on,
     * every {@code sharedEveryTasks} tasks, visiting each neighbour in turn (so a given one every other look with
     * three workers), or the owner taking its deque's oldest after {@code lifoRun} newest-first pops; plus one
     * such round for the look already under way. Plus {@link #PREEMPTED}: a worker (or a virtual thread's carrier)
     * that the OS deschedules between taking its task and starting it is overtaken by what the others start meanwhile.
     */
    static LongUnaryOperator bound(ExecutorKind kind) {
        var f = Fairness.defaults();
        long perPosition = switch (kind) {
            case GLOBAL_QUEUE, ELASTIC, VIRTUAL -> 1;
            case WORK_STEALING -> Math.max(2L * (f.lifoRun() + 1), (long) f.sharedEveryTasks() * Math.max(1, WORKERS - 1));
        };
        return ahead -> (ahead + 2) * perPosition + WORKERS + PREEMPTED;
    }

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void selfResubmittingChainsDoNotStarveExternalSubmitters(ExecutorKind kind) throws Exception {
        int chains = 12;
        int maxLinks = 20_000;
        int submitters = 3;
        int perSubmitter = 2_000;
        var ledger = new WaitLedger(chains * maxLinks + submitters * perSubmitter + 16);
        var executor = WorkerExecutors.create(kind, WORKERS, "wait-worker-");
        var stop = new AtomicBoolean();
        var chainsEnded = new CountDownLatch(chains);
        for (int c = 0; c < chains; c++) {
            ledger.submit(executor, new Chain(executor, ledger, stop, maxLinks, chainsEnded));
        }
        // external submitters keep a small window in flight, so little is ever queued ahead of them
        var threads = submitters(submitters, () -> {
            var window = new Semaphore(16);
            for (int i = 0; i < perSubmitter; i++) {
                window.acquireUninterruptibly();
                ledger.submit(executor, () -> {
                    burn(100);
                    window.release();
                });
            }
            window.acquireUninterruptibly(16);
        });
        join(threads);
        stop.set(true);
        assertThat(chainsEnded.await(60, TimeUnit.SECONDS)).isTrue();
        assertBoundedAndConserved(kind, executor, ledger);
    }

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void oneFloodedWorkerWhileOthersIdle(ExecutorKind kind) throws Exception {
        int subtasks = 3_000;
        var ledger = new WaitLedger(subtasks + 2_000 + 16);
        var executor = WorkerExecutors.create(kind, WORKERS, "wait-worker-");
        var subtasksDone = new CountDownLatch(subtasks);
        // one task floods its own worker with subtasks (past the deque's capacity), then holds that worker
        ledger.submit(executor, () -> {
            for (int i = 0; i < subtasks; i++) {
                ledger.submit(executor, () -> {
                    burn(100);
                    subtasksDone.countDown();
                });
            }
            await(subtasksDone);
        });
        var threads = submitters(2, () -> {
            for (int i = 0; i < 1_000; i++) {
                ledger.submit(executor, () -> burn(100));
                if (i % 100 == 0) {
                    Thread.yield();
                }
            }
        });
        join(threads);
        assertThat(subtasksDone.await(60, TimeUnit.SECONDS)).isTrue();
        assertBoundedAndConserved(kind, executor, ledger);
    }

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void blockingTasksHoldEveryWorkerWhileABacklogForms(ExecutorKind kind) throws Exception {
        int submitters = 4;
        int perSubmitter = 1_500;
        var ledger = new WaitLedger(WORKERS + submitters * perSubmitter * 2 + 16);
        var executor = WorkerExecutors.create(kind, WORKERS, "wait-worker-");
        var held = new CountDownLatch(WORKERS);
        var release = new CountDownLatch(1);
        for (int i = 0; i < WORKERS; i++) {
            ledger.submit(executor, () -> {
                held.countDown();
                await(release);
            });
        }
        assertThat(held.await(30, TimeUnit.SECONDS)).as("every worker holds a blocking task").isTrue();
        // the backlog: plain tasks and tasks that resubmit once, all behind the blocked workers
        var threads = submitters(submitters, () -> {
            for (int i = 0; i < perSubmitter; i++) {
                boolean twice = i % 3 == 0;
                ledger.submit(executor, () -> {
                    burn(100);
                    if (twice) {
                        ledger.submit(executor, () -> burn(100));
                    }
                });
            }
        });
        join(threads);
        Thread.sleep(20);
        release.countDown();
        awaitAll(ledger, executor);
        assertBoundedAndConserved(kind, executor, ledger);
    }

    @ParameterizedTest
    @EnumSource(ExecutorKind.class)
    void burstAfterIdleness(ExecutorKind kind) throws Exception {
        int submitters = 4;
        int perSubmitter = 3_000;
        var ledger = new WaitLedger(submitters * perSubmitter * 3 + 16);
        var executor = WorkerExecutors.create(kind, WORKERS, "wait-worker-");
        // set-up, outside the ledger: the executor's cold start (a virtual thread's first carrier being created
        // while others start) is not the burst after idleness this test is about, and once cost task 0 45 positions
        var warm = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            executor.execute(() -> {
                burn(100);
                warm.countDown();
            });
        }
        assertThat(warm.await(60, TimeUnit.SECONDS)).as("warm-up ran").isTrue();
        Thread.sleep(50); // every worker parks
        var go = new CountDownLatch(1);
        var threads = submitters(submitters, () -> {
            await(go);
            for (int i = 0; i < perSubmitter; i++) {
                boolean fanOut = i % 10 == 0;
                ledger.submit(executor, () -> {
                    burn(100);
                    if (fanOut) {
                        ledger.submit(executor, () -> burn(100));
                        ledger.submit(executor, () -> burn(100));
                    }
                });
            }
        });
        go.countDown();
        join(threads);
        awaitAll(ledger, executor, 100); // fan-out submissions come from workers: let them in
        assertBoundedAndConserved(kind, executor, ledger, 100);
    }

    private static void assertBoundedAndConserved(ExecutorKind kind, WorkerExecutor executor, WaitLedger ledger) {
        assertBoundedAndConserved(kind, executor, ledger, 0);
    }

    /** {@code setUp}: tasks the test ran on {@code executor} outside the ledger. */
    private static void assertBoundedAndConserved(ExecutorKind kind, WorkerExecutor executor, WaitLedger ledger,
                                                  long setUp) {
        assertThat(executor.shutdown(Duration.ofSeconds(60))).as("drained").isTrue();
        var verdict = ledger.verify(bound(kind));
        System.out.printf("queue wait %s: %s%n", kind, verdict); // the margin, for whoever tunes the cadence
        assertThat(verdict.withinBound()).as("%s: %s", kind, verdict).isTrue();
        var stats = executor.stats();
        assertThat(stats.tasksSubmitted()).isEqualTo(setUp + ledger.submitted());
        assertThat(stats.tasksCompleted()).isEqualTo(setUp + ledger.submitted());
        assertThat(stats.tasksRejected()).isZero();
    }

    /** Waits until every task submitted so far (and those they submit) has completed. */
    private static void awaitAll(WaitLedger ledger, WorkerExecutor executor) throws InterruptedException {
        awaitAll(ledger, executor, 0);
    }

    /** The same, with {@code setUp} tasks run on {@code executor} outside the ledger. */
    private static void awaitAll(WaitLedger ledger, WorkerExecutor executor, long setUp) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (executor.stats().tasksCompleted() < setUp + ledger.submitted() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** A task that resubmits itself from its worker until stopped or out of links. */
    private record Chain(Executor executor, WaitLedger ledger, AtomicBoolean stop, int linksLeft,
            CountDownLatch ended) implements Runnable {
        @Override
        public void run() {
            burn(100);
            if (linksLeft > 1 && !stop.get()) {
                ledger.submit(executor, new Chain(executor, ledger, stop, linksLeft - 1, ended));
            } else {
                ended.countDown();
            }
        }
    }

    private static List<Thread> submitters(int n, Runnable body) {
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofPlatform().name("submitter-" + i).start(body));
        }
        return threads;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (var t : threads) {
            t.join();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** About {@code rounds} ns of work that the JIT cannot remove. */
    static void burn(int rounds) {
        long x = System.nanoTime() | 1;
        for (int i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        sink = x;
    }
}
