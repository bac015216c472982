package io.shardloop.lab.experiments;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.WorkerExecutor;
import io.shardloop.exec.WorkerExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Seed 004's hand-off experiment, one case per JVM: small tasks through a worker executor of one kind and size.
 * {@code external}: two producer threads submit (the IO loops' hand-off); {@code internal}: each task submits its
 * successor from the worker (fan-out, where per-worker queues keep work local). At most 4,096 tasks are in flight.
 * The same load first runs for a warm-up on an executor that is then thrown away, so that the measured window, on a
 * fresh executor with fresh counts, starts with the code compiled: on a probe pinned to one CPU the compiler
 * threads would otherwise take their share of the window from the workers, more for the executor with more code.
 * Prints a {@link Result} as JSON ({@link ProbeJson}). Run by {@code shardloop lab handoff} in a child JVM.
 */
public final class HandoffProbe {

    static final int IN_FLIGHT = 4_096;
    static final int PRODUCERS = 2;

    /** What to run: {@code mode} is {@code external} or {@code internal}; each task is {@code work} xorshift rounds. */
    public record Args(String executor, int workers, String mode, long millis, long warmupMillis, int work) {
    }

    /**
     * What the measured window saw: tasks finished and CPU in the window; the executor's queue wait (execute() to
     * start) of every task submitted in it, including those that only started in the drain after it.
     */
    public record Result(double seconds, long tasks, double tasksPerSecond, double queueWaitP50Micros,
                         double queueWaitP99Micros, double queueWaitMaxMicros, long threadsCreated, ProbeCpu cpu) {
    }

    public static void main(String[] argv) throws Exception {
        var args = ProbeJson.args(argv, Args.class);
        var kind = ExecutorKind.parse(args.executor());
        if (args.warmupMillis() > 0) {
            run(kind, args, args.warmupMillis());
        }
        ProbeJson.print(run(kind, args, args.millis()));
        System.exit(0);
    }

    /** One window on a new executor, shut down before this returns. */
    private static Result run(ExecutorKind kind, Args args, long millis) throws InterruptedException {
        var executor = WorkerExecutors.create(kind, args.workers(), "shardloop-worker-");
        var stop = new AtomicBoolean();
        var done = new LongAdder();
        var producers = new ArrayList<Thread>();
        var cpu = ProbeCpu.start();
        long start = System.nanoTime();
        if (args.mode().equals("external")) {
            var permits = new Semaphore(IN_FLIGHT);
            for (int p = 0; p < PRODUCERS; p++) {
                producers.add(Thread.ofPlatform().name("producer-" + p).start(
                        () -> produce(executor, stop, done, permits, args.work())));
            }
        } else {
            for (int i = 0; i < IN_FLIGHT / 16; i++) {
                executor.execute(new Chain(executor, stop, done, args.work()));
            }
        }
        Thread.sleep(millis);
        stop.set(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        long tasks = done.sum();
        var window = cpu.end();
        for (var t : producers) {
            t.interrupt();
            t.join(5_000);
        }
        // the queue wait is read after the drain: a task starved for the whole window then starts and is counted
        executor.shutdown(Duration.ofSeconds(5));
        var stats = executor.stats();
        return new Result(seconds, tasks, tasks / seconds, stats.queueWaitP50Nanos() / 1e3,
                stats.queueWaitP99Nanos() / 1e3, stats.queueWaitMaxNanos() / 1e3, stats.threadsCreated(), window);
    }

    /** A producer thread: submits tasks while fewer than {@link #IN_FLIGHT} are unfinished. */
    private static void produce(WorkerExecutor executor, AtomicBoolean stop, LongAdder done, Semaphore permits, int work) {
        while (!stop.get()) {
            try {
                permits.acquire();
                executor.execute(() -> {
                    Work.burn(work);
                    done.increment();
                    permits.release();
                });
            } catch (InterruptedException | RejectedExecutionException e) {
                return;
            }
        }
    }

    /** A task that, when done, submits its successor from the worker it ran on. */
    private record Chain(Executor executor, AtomicBoolean stop, LongAdder done, int work) implements Runnable {
        @Override
        public void run() {
            Work.burn(work);
            done.increment();
            if (!stop.get()) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException e) {
                    // shutting down
                }
            }
        }
    }
}
