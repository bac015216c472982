package io.shardloop.lab.experiments;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.WorkerExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Seed 004's hand-off experiment, one case per JVM: small tasks through a worker executor of one kind and size.
 * {@code external}: two producer threads submit (the IO loops' hand-off); {@code internal}: each task submits its
 * successor from the worker (fan-out, where per-worker queues keep work local). At most 4,096 tasks are in flight.
 * Prints tasks/s, queue wait percentiles and CPU as JSON. Run by {@code shardloop lab handoff} in a child JVM.
 */
public final class HandoffProbe {

    static final int IN_FLIGHT = 4_096;
    static final int PRODUCERS = 2;

    public static void main(String[] args) throws Exception {
        var kind = ExecutorKind.parse(args[0]);
        int workers = Integer.parseInt(args[1]);
        var mode = args[2];
        long millis = Long.parseLong(args[3]);
        int work = Integer.parseInt(args[4]);
        var executor = WorkerExecutors.create(kind, workers, "shardloop-worker-");
        var stop = new AtomicBoolean();
        var done = new LongAdder();
        var permits = new Semaphore(IN_FLIGHT);
        var producers = new ArrayList<Thread>();
        var probe = new Probe();
        long start = System.nanoTime();
        if (mode.equals("external")) {
            for (int p = 0; p < PRODUCERS; p++) {
                producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
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
                }));
            }
        } else {
            for (int i = 0; i < IN_FLIGHT / 16; i++) {
                executor.execute(new Chain(executor, stop, done, work));
            }
        }
        Thread.sleep(millis);
        stop.set(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        long tasks = done.sum();
        probe.cpu();
        var stats = executor.stats();
        for (var t : producers) {
            t.interrupt();
            t.join(5_000);
        }
        executor.shutdown(Duration.ofSeconds(5));
        probe.result.put("kind", kind.cliName());
        probe.result.put("workers", workers);
        probe.result.put("mode", mode);
        probe.result.put("seconds", seconds);
        probe.result.put("tasks", tasks);
        probe.result.put("tasksPerSecond", tasks / seconds);
        probe.result.put("queueWaitP50Micros", stats.queueWaitP50Nanos() / 1e3);
        probe.result.put("queueWaitP99Micros", stats.queueWaitP99Nanos() / 1e3);
        probe.result.put("queueWaitMaxMicros", stats.queueWaitMaxNanos() / 1e3);
        probe.result.put("threadsCreated", stats.threadsCreated());
        probe.print();
        System.exit(0);
    }

    /** A task that, when done, submits its successor from the worker it ran on. */
    private record Chain(java.util.concurrent.Executor executor, AtomicBoolean stop, LongAdder done, int work)
            implements Runnable {
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
