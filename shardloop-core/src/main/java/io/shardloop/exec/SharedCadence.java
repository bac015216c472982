package io.shardloop.exec;

/**
 * When a busy work-stealing worker next looks past its own deque: once {@code sharedEveryTasks} tasks have run or
 * {@code sharedEvery} has passed since it last looked, whichever comes first ({@link Fairness}). The caller passes
 * the time it already read, so the cadence costs no clock read of its own. Owner (worker) thread only.
 */
final class SharedCadence {

    private final int everyTasks;
    private final long everyNanos;
    private int tasks;
    private long lastNanos;

    SharedCadence(Fairness fairness) {
        this.everyTasks = fairness.sharedEveryTasks();
        this.everyNanos = fairness.sharedEvery().toNanos();
        this.lastNanos = System.nanoTime();
    }

    boolean due(long nowNanos) {
        return tasks >= everyTasks || nowNanos - lastNanos >= everyNanos;
    }

    void looked(long nowNanos) {
        tasks = 0;
        lastNanos = nowNanos;
    }

    void ran() {
        tasks++;
    }
}
