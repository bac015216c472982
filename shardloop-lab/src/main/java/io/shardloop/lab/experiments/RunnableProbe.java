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
 * Run by {@code shardloop lab runnable} in a child JVM; arguments and result are records ({@link ProbeJson}).
 */
public final class RunnableProbe {

    /** What the other threads do while the workers work. */
    public enum Others {
        NONE, BLOCKED, YIELDING;

        /** The name in the report ({@code none}, {@code blocked}, {@code yielding}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What to run: {@code extra} other threads in {@code state}; {@code units} of {@code iterations} rounds. */
    public record Args(Others state, int extra, int units, int iterations) {
    }

    /**
     * What it measured.
     *
     * @param workMillis    the time the workers took for all units
     * @param meanRunnable  the kernel's mean procs_running over that time (machine-wide)
     */
    public record Result(Others state, int extraThreads, int workers, int units, double workMillis,
                         double meanRunnable, ProbeCpu cpu) {
    }

    public static void main(String[] argv) throws Exception {
        ProbeJson.print(run(ProbeJson.args(argv, Args.class)));
        System.exit(0);
    }

    static Result run(Args a) throws Exception {
        var state = a.state();
        int extra = a.extra();
        int iterations = a.iterations();
        var stop = new AtomicBoolean();
        var ready = new CountDownLatch(extra);
        var release = new CountDownLatch(1);
        var go = new CountDownLatch(1);
        var others = new ArrayList<Thread>();
        for (int i = 0; i < (state == Others.NONE ? 0 : extra); i++) {
            others.add(Thread.ofPlatform().name(state.label() + "-" + i).daemon().start(() -> {
                ready.countDown();
                try {
                    go.await(); // start yielding together, or creating the last ones takes ages
                } catch (InterruptedException e) {
                    return;
                }
                if (state == Others.BLOCKED) {
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
        if (state != Others.NONE) {
            ready.await();
        }
        go.countDown();
        Thread.sleep(100); // let the yielding threads reach the run queue
        int workers = Runtime.getRuntime().availableProcessors();
        var left = new AtomicInteger(a.units());
        var running = new ArrayList<Thread>();
        var sampler = new RunQueueSampler();
        var window = ProbeCpu.start();
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
        var cpu = window.end();
        sampler.stop();
        stop.set(true);
        release.countDown();
        return new Result(state, others.size(), workers, a.units(), nanos / 1e6, sampler.mean(), cpu);
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
