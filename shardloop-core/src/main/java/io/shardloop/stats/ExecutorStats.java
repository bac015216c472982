package io.shardloop.stats;

/**
 * Counters of one executor. Queue wait is the time from {@code execute} to the task starting. It lives here, with
 * the loops' {@link LoopStats}, so that {@link ServerStats} depends on no executor code (DESIGN.md's layers).
 *
 * @param queueWaitP50Nanos  median queue wait over the executor's life
 * @param queueWaitP99Nanos  99th percentile queue wait over the executor's life
 * @param tasksRejected      tasks refused by {@code execute} (shut down or full) or dropped by a forced shutdown;
 *                           once terminated, {@code tasksSubmitted == tasksCompleted + tasksRejected}
 * @param liveThreads        threads alive now ({@code threadsCreated - threadsDestroyed}); for {@code virtual},
 *                           virtual threads
 * @param steals             tasks a worker took from another worker's queue ({@code work-stealing} only, else 0)
 * @param inlinedWhenBusy    handler calls a worker model ran on the loop because the workers were busy
 *                           ({@link io.shardloop.exec.InlinePolicy}); not counted in {@code tasksSubmitted}
 * @param inlinedNonBlocking handler calls run on the loop because the handler is marked non-blocking
 */
public record ExecutorStats(
        String kind,
        long tasksSubmitted,
        long tasksCompleted,
        long tasksRejected,
        long threadsCreated,
        long threadsDestroyed,
        int activeThreads,
        int liveThreads,
        int queued,
        long queueWaitP50Nanos,
        long queueWaitP99Nanos,
        long queueWaitMaxNanos,
        long steals,
        long inlinedWhenBusy,
        long inlinedNonBlocking) {

}
