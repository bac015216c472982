package io.shardloop.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * Typed settings of a worker executor. Defaults: {@link #defaults(int, String)}.
 *
 * @param threads        fixed pools: worker count; {@code elastic}: the maximum
 * @param namePrefix     thread names are this plus an index, e.g. {@code shardloop-worker-} gives {@code shardloop-worker-0}
 * @param queueCapacity  tasks that may wait before {@code execute} rejects (global-queue, elastic; default unbounded)
 * @param minThreads     {@code elastic}: threads kept even when idle (default 1)
 * @param keepAlive      {@code elastic}: idle time after which a thread above the minimum may retire (default 5 s)
 * @param retireInterval {@code elastic}: at most one retirement per interval (default 1 s), so a pool shrinks slowly
 * @param growAfter      {@code elastic}: a thread is added only when the oldest queued task has waited this long
 *                       (default 5 ms) and no thread is idle, so a short burst is absorbed by the threads there are
 * @param stealSpins     {@code work-stealing}: rounds of stealing an idle worker tries before parking (default 64)
 * @param fairness       {@code work-stealing}: how often a busy worker looks past its own deque ({@link Fairness#defaults()})
 */
public record ExecutorConfig(
        int threads,
        String namePrefix,
        int queueCapacity,
        int minThreads,
        Duration keepAlive,
        Duration retireInterval,
        Duration growAfter,
        int stealSpins,
        Fairness fairness) {

    public ExecutorConfig {
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(fairness, "fairness");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
        }
        if (minThreads < 0 || minThreads > threads) {
            throw new IllegalArgumentException("minThreads must be in [0, threads=" + threads + "], got " + minThreads);
        }
        if (keepAlive.isNegative() || retireInterval.isNegative() || growAfter.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (stealSpins < 0) {
            throw new IllegalArgumentException("stealSpins must be >= 0, got " + stealSpins);
        }
    }

    public static ExecutorConfig defaults(int threads, String namePrefix) {
        return new ExecutorConfig(threads, namePrefix, Integer.MAX_VALUE, Math.min(1, threads),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(5), 64, Fairness.defaults());
    }

    public ExecutorConfig withQueueCapacity(int capacity) {
        return new ExecutorConfig(threads, namePrefix, capacity, minThreads, keepAlive, retireInterval, growAfter, stealSpins, fairness);
    }

    public ExecutorConfig withElastic(int min, Duration keepAlive, Duration retireInterval, Duration growAfter) {
        return new ExecutorConfig(threads, namePrefix, queueCapacity, min, keepAlive, retireInterval, growAfter, stealSpins, fairness);
    }

    public ExecutorConfig withStealSpins(int spins) {
        return new ExecutorConfig(threads, namePrefix, queueCapacity, minThreads, keepAlive, retireInterval, growAfter, spins, fairness);
    }

    public ExecutorConfig withFairness(Fairness f) {
        return new ExecutorConfig(threads, namePrefix, queueCapacity, minThreads, keepAlive, retireInterval, growAfter, stealSpins, f);
    }
}
