package io.shardloop.exec;

import io.shardloop.stats.ExecutorStats;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters every executor keeps. Invariant once an executor has terminated:
 * {@code submitted == completed + rejected} (rejected = refused by {@code execute} or dropped by a forced shutdown).
 *
 * <p>Thread contract: every method from any thread; task counters are striped ({@link LongAdder}) so that
 * producers and workers do not share a cache line, and a pool whose workers live as long as it does gives each one
 * a {@link WorkerTally} of its own (plain stores per task), which the totals here include.
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
    /** One per worker of a fixed pool, never removed (such a pool's workers exit only at its shutdown). */
    private final List<WorkerTally> tallies = new CopyOnWriteArrayList<>();

    public WaitTimes waits() {
        return waits;
    }

    /** A new tally for a worker that lives as long as its pool; the calling thread should be that worker. */
    WorkerTally tally() {
        var tally = new WorkerTally();
        tallies.add(tally);
        return tally;
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
        runQueued(next, slot, probe, startNanos, null);
    }

    /**
     * As above, counting the task in the calling worker's own {@code tally} (null: the shared counters), so that
     * a pool worker pays no atomic read-modify-write for its counts.
     */
    void runQueued(QueuedTask next, WaitTimes.Slot slot, WorkerProbe probe, long startNanos, WorkerTally tally) {
        slot.record(startNanos - next.enqueuedNanos());
        run(next.task(), probe, startNanos, tally);
    }

    /**
     * Runs one task on the calling worker, counting it and stamping its stall probe (null: no probe) with
     * {@code startNanos}; a task that throws is logged and counted as completed.
     */
    void run(Runnable task, WorkerProbe probe, long startNanos) {
        run(task, probe, startNanos, null);
    }

    private void run(Runnable task, WorkerProbe probe, long startNanos, WorkerTally tally) {
        if (tally != null) {
            tally.countStarted();
        } else {
            active.incrementAndGet();
        }
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
            if (tally != null) {
                tally.countCompleted();
            } else {
                active.decrementAndGet();
                completed.increment();
            }
        }
    }

    ExecutorStats stats(String kind, int queued) {
        long[] w = waits.snapshot();
        long created = threadsCreated.get();
        long destroyed = threadsDestroyed.get();
        long done = completed(); // before submitted(): a task is never counted done and not yet submitted
        return new ExecutorStats(kind, submitted(), done, rejected.sum(), created, destroyed,
                active(), (int) (created - destroyed), queued, w[0], w[1], w[2], steals.sum(), inlinedBusy.sum(), inlinedNonBlocking.sum());
    }

    void countInline(boolean becauseBusy) {
        (becauseBusy ? inlinedBusy : inlinedNonBlocking).increment();
    }

    /** Tasks accepted and not yet started or running, from the counters (cheap, approximate). */
    int queuedEstimate() {
        long done = completed();
        long n = submitted() - rejected.sum() - done - active();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
    }

    private long submitted() {
        long n = submitted.sum();
        for (var t : tallies) {
            n += t.submitted();
        }
        return n;
    }

    private long completed() {
        long n = completed.sum();
        for (var t : tallies) {
            n += t.completed();
        }
        return n;
    }

    private int active() {
        long n = active.get();
        for (var t : tallies) {
            n += t.running();
        }
        return (int) n;
    }
}
