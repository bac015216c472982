package io.shardloop.bench;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.stats.ExecutorStats;
import io.shardloop.exec.WorkerExecutor;
import io.shardloop.exec.WorkerExecutors;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hand-off of small tasks from 1 and 2 producer threads (the event loops of a worker model) to each executor
 * (seed 004: global queue vs work stealing). Each producer keeps at most {@code window} tasks in flight, so the
 * score is the sustained hand-off rate, not the speed of filling a queue. The P99 queue wait of each
 * measurement iteration is printed from the executor's own histogram ("queue-wait" lines). {@code internalChains}
 * is {@code lab handoff}'s internal mode: each task submits its successor from its worker.
 *
 * <pre>java -jar shardloop-bench/target/benchmarks.jar Handoff -f 1 -wi 2 -i 3</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class HandoffBenchmark {

    @State(Scope.Benchmark)
    public static class Pool {
        @Param({"global-queue", "work-stealing", "elastic", "virtual"})
        public String executor;

        @Param({"2"})
        public int workers;

        WorkerExecutor pool;

        /** A fresh executor per iteration, so that its lifetime histogram is this iteration's. */
        @Setup(Level.Iteration)
        public void start() {
            pool = WorkerExecutors.create(ExecutorKind.parse(executor), workers, "shardloop-worker-");
        }

        @TearDown(Level.Iteration)
        public void stop() {
            pool.shutdown(Duration.ofSeconds(10));
            ExecutorStats s = pool.stats();
            System.out.printf(Locale.ROOT, "%nqueue-wait %s: p50=%.1f us p99=%.1f us max=%.1f us tasks=%d steals=%d threads=%d%n",
                    executor, s.queueWaitP50Nanos() / 1e3, s.queueWaitP99Nanos() / 1e3, s.queueWaitMaxNanos() / 1e3,
                    s.tasksCompleted(), s.steals(), s.threadsCreated());
        }
    }

    /** One producer's in-flight window. */
    @State(Scope.Thread)
    public static class Producer {
        @Param({"64"})
        public int window;

        final AtomicInteger inFlight = new AtomicInteger();
        Runnable task;

        @Setup(Level.Trial)
        public void setUp() {
            task = inFlight::decrementAndGet;
        }

        @TearDown(Level.Iteration)
        public void drain() {
            while (inFlight.get() > 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Benchmark
    @Threads(1)
    public void oneProducer(Pool pool, Producer producer) {
        handOff(pool, producer);
    }

    @Benchmark
    @Threads(2)
    public void twoProducers(Pool pool, Producer producer) {
        handOff(pool, producer);
    }

    static final int CHAINS = 64;
    static final int LINKS = 256;

    /** 64 chains of 256 links each, every link submitted from the worker that ran the one before; tasks/s. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(CHAINS * LINKS)
    public void internalChains(Pool pool) {
        var chainsLeft = new AtomicInteger(CHAINS);
        for (int i = 0; i < CHAINS; i++) {
            pool.pool.execute(new Chain(pool.pool, chainsLeft));
        }
        for (int spins = 1; chainsLeft.get() > 0; spins++) {
            if (spins % 32 == 0) {
                Thread.yield(); // the workers may need this core (2-core machines)
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** A chain resubmits itself; one link runs at a time, ordered by the executor's hand-off. */
    private static final class Chain implements Runnable {
        private final WorkerExecutor on;
        private final AtomicInteger chainsLeft;
        private int linksLeft = LINKS;

        Chain(WorkerExecutor on, AtomicInteger chainsLeft) {
            this.on = on;
            this.chainsLeft = chainsLeft;
        }

        @Override
        public void run() {
            if (--linksLeft > 0) {
                on.execute(this);
            } else {
                chainsLeft.decrementAndGet();
            }
        }
    }

    private static void handOff(Pool pool, Producer producer) {
        int spins = 0;
        while (producer.inFlight.get() >= producer.window) {
            // the window is full: wait for the workers, yielding the core they may need (2-core machines)
            if (++spins % 32 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        producer.inFlight.incrementAndGet();
        pool.pool.execute(producer.task);
    }
}
