package io.shardloop.exec;

import io.shardloop.stats.ExecutorStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Where worker models run handlers. Every implementation counts what the lab reports.
 * Thread contract: {@link #execute} from any thread; {@link #shutdown} once, from any thread.
 */
public interface WorkerExecutor extends Executor {

    /** The CLI name of this executor's kind, e.g. {@code global-queue}. */
    String kind();

    /** Runs {@code task} on a worker; throws {@link java.util.concurrent.RejectedExecutionException} when shut down or full. */
    @Override
    void execute(Runnable task);

    /**
     * The workers' busy-since stamps, for the stall watchdog: the live workers now (an elastic pool's change).
     * Empty for executors whose workers are not watched (virtual).
     */
    default List<? extends BusyProbe> busyProbes() {
        return List.of();
    }

    /**
     * Tasks waiting to start, cheaply and approximately (no lock, no histogram): the dispatch point reads it on
     * every call to decide whether the workers are busy.
     */
    default int queuedEstimate() {
        return stats().queued();
    }

    /**
     * Counts a handler call that the dispatch point ran on the loop instead of submitting it
     * ({@link InlinePolicy}); it shows in {@link ExecutorStats#inlinedWhenBusy()} or
     * {@link ExecutorStats#inlinedNonBlocking()}. Any thread.
     */
    void countInline(boolean becauseBusy);

    /** A consistent-enough snapshot of the counters (each read atomically, not all together). */
    ExecutorStats stats();

    /** Stops taking tasks, runs those queued, waits up to {@code grace} for workers to finish. True if all did. */
    boolean shutdown(Duration grace);
}
