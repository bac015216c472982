package io.shardloop.lab.experiments;

import io.shardloop.stats.ProcSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 002's "blocked threads are free, runnable threads are not": one worker per CPU does a fixed number of
 * work units while {@code extra} other threads are either blocked on a latch or spinning on Thread.yield().
 * Prints the time the work took and the mean number of runnable threads the kernel saw (procs_running).
 * Run by {@code shardloop lab runnable} in a child JVM.
 */
public final class RunnableProbe {

    public static void main(String[] args) throws Exception {
        var state = args[0]; // none | blocked | yielding
        int extra = Integer.parseInt(args[1]);
        int units = Integer.parseInt(args[2]);
        int iterations = Integer.parseInt(args[3]);
        run(state, extra, units, iterations).print();
        System.exit(0);
    }

    static Probe run(String state, int extra, int units, int iterations) throws Exception {
        var stop = new AtomicBoolean();
        var ready = new CountDownLatch(extra);
        var release = new CountDownLatch(1);
        var go = new CountDownLatch(1);
        var others = new ArrayList<Thread>();
        for (int i = 0; i < (state.equals("none") ? 0 : extra); i++) {
            others.add(Thread.ofPlatform().name(state + "-" + i).daemon().start(() -> {
                ready.countDown();
                try {
                    go.await(); // start yielding together, or creating the last ones takes ages
                } catch (InterruptedException e) {
                    return;
                }
                if (state.equals("blocked")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // done
                    }
                } else {
                    while (!stop.get()) {
                        Thread.yield();
                    }
                }
            }));
        }
        if (!state.equals("none")) {
            ready.await();
        }
        go.countDown();
        Thread.sleep(100); // let the yielding threads reach the run queue
        int workers = Runtime.getRuntime().availableProcessors();
        var left = new AtomicInteger(units);
        var running = new ArrayList<Thread>();
        var sampler = new RunQueueSampler();
        var probe = new Probe();
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            running.add(Thread.ofPlatform().name("worker-" + w).start(() -> {
                while (left.getAndDecrement() > 0) {
                    Work.burn(iterations);
                }
            }));
        }
        for (var t : running) {
            t.join();
        }
        long nanos = System.nanoTime() - start;
        probe.cpu();
        sampler.stop();
        stop.set(true);
        release.countDown();
        probe.result.put("state", state);
        probe.result.put("extraThreads", others.size());
        probe.result.put("workers", workers);
        probe.result.put("units", units);
        probe.result.put("workMillis", nanos / 1e6);
        probe.result.put("meanRunnable", sampler.mean());
        return probe;
    }

    /** Samples procs_running from /proc/stat every 10 ms on its own thread (what top's load column misses). */
    static final class RunQueueSampler {
        private final AtomicBoolean stop = new AtomicBoolean();
        private long sum;
        private long count;
        private final Thread thread = Thread.ofPlatform().name("runqueue-sampler").daemon().start(this::loop);

        private void loop() {
            while (!stop.get()) {
                try {
                    for (var line : Files.readAllLines(Path.of("/proc/stat"))) {
                        if (line.startsWith("procs_running ")) {
                            synchronized (this) {
                                sum += Long.parseLong(line.substring(14).trim());
                                count++;
                            }
                        }
                    }
                    Thread.sleep(10);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(1_000);
        }

        synchronized double mean() {
            return count == 0 ? Double.NaN : (double) sum / count;
        }
    }

    static {
        ProcSampler.clockTicksPerSecond();
    }
}
