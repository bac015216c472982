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
 * creation latency (the time Thread.start() takes) as JSON. Run by {@code shardloop lab threads} in a child JVM.
 */
public final class ThreadsProbe {

    public static final String[] SCENARIOS = {"work", "wait+work", "new-thread", "pool", "virtual"};
    static final int WAITERS = 1_000;

    public static void main(String[] args) throws Exception {
        var scenario = args[0];
        int concurrency = Integer.parseInt(args[1]);
        long millis = Long.parseLong(args[2]);
        int workIterations = Integer.parseInt(args[3]);
        run(scenario, concurrency, millis, workIterations).print();
        System.exit(0);
    }

    static Probe run(String scenario, int concurrency, long millis, int workIterations) throws Exception {
        var stop = new AtomicBoolean();
        var tasks = new LongAdder();
        Histogram creation = new ConcurrentHistogram(3);
        var waiters = new ArrayList<Thread>();
        var release = new CountDownLatch(1);
        if (scenario.equals("wait+work")) {
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
        ExecutorService pool = scenario.equals("pool")
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
                            case "work", "wait+work" -> task.run();
                            case "new-thread" -> spawn(Thread.ofPlatform(), task, creation);
                            case "virtual" -> spawn(Thread.ofVirtual(), task, creation);
                            case "pool" -> {
                                long queued = System.nanoTime();
                                pool.submit(() -> {
                                    creation.recordValue(System.nanoTime() - queued);
                                    task.run();
                                }).get();
                            }
                            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
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
        var probe = new Probe();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(millis);
        stop.set(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = tasks.sum();
        probe.cpu();
        for (var t : clients) {
            t.join(10_000);
        }
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        release.countDown();
        probe.result.put("scenario", scenario);
        probe.result.put("concurrency", concurrency);
        probe.result.put("seconds", seconds);
        probe.result.put("tasks", done);
        probe.result.put("tasksPerSecond", done / seconds);
        probe.result.put("blockedThreads", waiters.size());
        probe.percentiles(scenario.equals("pool") ? "queueWait" : "creation", creation);
        return probe;
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
