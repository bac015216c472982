package io.shardloop.exec;

import io.shardloop.stats.ExecutorStats;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters every executor keeps. Invariant once an executor has terminated:
 * {@code submitted == completed + rejected} (rejected = refused by {@code execute} or dropped by a forced shutdown).
 *
 * <p>Thread contract: every method from any thread; task counters are striped ({@link LongAdder}) so that
 * producers and workers do not share a cache line.
 */
public final class ExecutorCounters {

    final LongAdder submitted = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder steals = new LongAdder();
    final LongAdder inlinedBusy = new LongAdder();
    final LongAdder inlinedNonBlocking = new LongAdder();
    final AtomicLong threadsCreated = new AtomicLong();
    final AtomicLong threadsDestroyed = new AtomicLong();
    final AtomicInteger active = new AtomicInteger();
    final WaitTimes waits = new WaitTimes();

    public WaitTimes waits() {
        return waits;
    }

    void threadStarted() {
        threadsCreated.incrementAndGet();
    }

    void threadExited() {
        threadsDestroyed.incrementAndGet();
    }

    /**
     * Worker thread that registered {@code slot}: records how long {@code next} waited and runs it, one clock
     * read ({@code startNanos}, the caller's if it has one) for both the wait and the stall probe.
     */
    void runQueued(QueuedTask next, WaitTimes.Slot slot, WorkerProbe probe, long startNanos) {
        slot.record(startNanos - next.enqueuedNanos());
        run(next.task(), probe, startNanos);
    }

    /**
     * Runs one task on the calling worker, counting it and stamping its stall probe (null: no probe) with
     * {@code startNanos}; a task that throws is logged and counted as completed.
     */
    void run(Runnable task, WorkerProbe probe, long startNanos) {
        active.incrementAndGet();
        if (probe != null) {
            probe.begin(startNanos);
        }
        try {
            task.run();
        } catch (Throwable t) {
            TaskFailures.report(task, t);
        } finally {
            if (probe != null) {
                probe.end();
            }
            active.decrementAndGet();
            completed.increment();
        }
    }

    ExecutorStats stats(String kind, int queued) {
        long[] w = waits.snapshot();
        long created = threadsCreated.get();
        long destroyed = threadsDestroyed.get();
        return new ExecutorStats(kind, submitted.sum(), completed.sum(), rejected.sum(), created, destroyed,
                active.get(), (int) (created - destroyed), queued, w[0], w[1], w[2], steals.sum(), inlinedBusy.sum(), inlinedNonBlocking.sum());
    }

    void countInline(boolean becauseBusy) {
        (becauseBusy ? inlinedBusy : inlinedNonBlocking).increment();
    }

    /** Tasks accepted and not yet started or running, from the counters (cheap, approximate). */
    int queuedEstimate() {
        long n = submitted.sum() - rejected.sum() - completed.sum() - active.get();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
    }
}
