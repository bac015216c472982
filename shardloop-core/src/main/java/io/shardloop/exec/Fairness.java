package io.shardloop.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a busy {@code work-stealing} worker may keep to its own deque before it looks at work queued elsewhere,
 * so that no task waits without limit behind a worker's own submissions (a task that resubmits itself). The
 * single-queue executors need none of it: their one FIFO queue is the order.
 *
 * @param sharedEveryTasks a worker takes the oldest task at the heads of its inbox and of one other worker's queues
 *                         (round robin) at least once per this many tasks (default 32) ...
 * @param sharedEvery      ... or once this much time has passed since it last did, whichever comes first (default
 *                         200 µs), so that long tasks do not stretch the cadence
 * @param lifoRun          newest-first pops from its own deque in a row (cache-warm) before it takes its own
 *                         oldest (default 3), so that a task pushed later cannot overtake an earlier one for ever
 */
public record Fairness(int sharedEveryTasks, Duration sharedEvery, int lifoRun) {

    public Fairness {
        Objects.requireNonNull(sharedEvery, "sharedEvery");
        if (sharedEveryTasks < 1) {
            throw new IllegalArgumentException("sharedEveryTasks must be >= 1, got " + sharedEveryTasks);
        }
        if (sharedEvery.isNegative()) {
            throw new IllegalArgumentException("sharedEvery must not be negative");
        }
        if (lifoRun < 0) {
            throw new IllegalArgumentException("lifoRun must be >= 0, got " + lifoRun);
        }
    }

    public static Fairness defaults() {
        return new Fairness(32, Duration.ofNanos(200_000), 3);
    }
}
