package io.shardloop.lab.experiments;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Seed 002's experiment, one scenario per JVM: {@code concurrency} clients each run tasks of fixed CPU work back
 * to back for a while, on their own thread ({@code work}), with 1,000 blocked threads beside them
 * ({@code wait+work}), on a new platform thread per task ({@code new-thread}), through a pool of one thread per
 * CPU ({@code pool}) or on a new virtual thread per task ({@code virtual}). Prints tasks/s, CPU and thread
 * creation latency (the time Thread.start() takes) as JSON ({@link ProbeJson}). Run by {@code shardloop lab threads}
 * in a child JVM.
 */
public final class ThreadsProbe {

    /** Where each client's tasks run, by CLI name. */
    public enum Scenario {
        WORK("work"), WAIT_WORK("wait+work"), NEW_THREAD("new-thread"), POOL("pool"), VIRTUAL("virtual");

        private final String cliName;

        Scenario(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Scenario parse(String name) {
            for (var s : values()) {
                if (s.cliName.equals(name)) return s;
            }
            throw new IllegalArgumentException("accepts " + names() + ", got '" + name + "'");
        }

        public static String names() {
            return String.join(", ", java.util.Arrays.stream(values()).map(Scenario::cliName).toList());
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** What to run: {@code concurrency} clients for {@code millis}, each task {@code workIterations} rounds. */
    public record Args(Scenario scenario, int concurrency, long millis, int workIterations) {
    }

    /**
     * What it measured.
     *
     * @param creation   Thread.start() latency (new-thread, virtual), else {@link Percentiles#NONE}
     * @param queueWait  the pool's submit-to-start latency (pool), else {@link Percentiles#NONE}
     */
    public record Result(Scenario scenario, int concurrency, double seconds, long tasks, double tasksPerSecond,
                         int blockedThreads, Percentiles creation, Percentiles queueWait, ProbeCpu cpu) {
    }

    static final int WAITERS = 1_000;

    public static void main(String[] argv) throws Exception {
        ProbeJson.print(run(ProbeJson.args(argv, Args.class)));
        System.exit(0);
    }

    static Result run(Args a) throws Exception {
        var scenario = a.scenario();
        int concurrency = a.concurrency();
        int workIterations = a.workIterations();
        var stop = new AtomicBoolean();
        var tasks = new LongAdder();
        Histogram creation = new ConcurrentHistogram(3);
        var waiters = new ArrayList<Thread>();
        var release = new CountDownLatch(1);
        if (scenario == Scenario.WAIT_WORK) {
            for (int i = 0; i < WAITERS; i++) {
                waiters.add(Thread.ofPlatform().name("waiter-" + i).daemon().start(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // done
                    }
                }));
            }
        }
        ExecutorService pool = scenario == Scenario.POOL
                ? Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors()) : null;
        Runnable task = () -> Work.burn(workIterations);
        var clients = new ArrayList<Thread>();
        // clients start together: creating the 500th thread beside 499 spinning ones would take minutes
        var go = new CountDownLatch(1);
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofPlatform().name("client-" + c).daemon().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (!stop.get()) {
                    try {
                        switch (scenario) {
                            case WORK, WAIT_WORK -> task.run();
                            case NEW_THREAD -> spawn(Thread.ofPlatform(), task, creation);
                            case VIRTUAL -> spawn(Thread.ofVirtual(), task, creation);
                            case POOL -> {
                                long queued = System.nanoTime();
                                pool.submit(() -> {
                                    creation.recordValue(System.nanoTime() - queued);
                                    task.run();
                                }).get();
                            }
                        }
                        tasks.increment();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }
            }));
        }
        var window = ProbeCpu.start();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(a.millis());
        stop.set(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = tasks.sum();
        var cpu = window.end();
        for (var t : clients) {
            t.join(10_000);
        }
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        release.countDown();
        // the pool's histogram holds its queue wait, the others' their Thread.start() latency
        var measured = Percentiles.ofNanos(creation);
        boolean pooled = scenario == Scenario.POOL;
        return new Result(scenario, concurrency, seconds, done, done / seconds, waiters.size(),
                pooled ? Percentiles.NONE : measured, pooled ? measured : Percentiles.NONE, cpu);
    }

    /**
     * Runs one task on a new thread and waits for it; records how long start() took. For a platform thread that
     * is pthread_create, the stack's mmap and the wait for the new thread to initialise: seed 002's creation cost.
     */
    private static void spawn(Thread.Builder builder, Runnable task, Histogram creation) throws InterruptedException {
        long before = System.nanoTime();
        var t = builder.start(task);
        creation.recordValue(Math.max(0, System.nanoTime() - before));
        t.join();
    }
}
