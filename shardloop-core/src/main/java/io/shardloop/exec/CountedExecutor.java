package io.shardloop.exec;

import io.shardloop.stats.ExecutorStats;

/**
 * What every executor kind shares: its {@link ExecutorCounters}, the dispatch point's two cheap reads of them, and
 * a stats snapshot with the kind's own count of tasks queued. Thread contract: every method from any thread.
 */
abstract sealed class CountedExecutor implements WorkerExecutor
        permits LockedQueueExecutor, VirtualExecutor, WorkStealingExecutor {

    final ExecutorCounters counters = new ExecutorCounters();

    @Override
    public final void countInline(boolean becauseBusy) {
        counters.countInline(becauseBusy);
    }

    @Override
    public final int queuedEstimate() {
        return counters.queuedEstimate();
    }

    @Override
    public ExecutorStats stats() {
        return counters.stats(kind(), queuedNow());
    }

    /** Tasks accepted and not yet started, counted exactly (a lock or a walk of the queues: not for the hot path). */
    abstract int queuedNow();
}
