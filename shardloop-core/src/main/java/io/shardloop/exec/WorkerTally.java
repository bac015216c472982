package io.shardloop.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The task counts of one long-lived pool worker, kept by that worker alone so that a task costs it plain stores
 * instead of atomic read-modify-writes on lines every worker shares ({@link ExecutorCounters} folds them into its
 * totals). Thread contract: the {@code count*} methods by the owning worker only; the reads from any thread
 * (opaque: a reader sees each count soon and never torn, and a joined worker's last counts for certain).
 */
final class WorkerTally {

    private static final VarHandle SUBMITTED;
    private static final VarHandle STARTED;
    private static final VarHandle COMPLETED;

    static {
        try {
            var lookup = MethodHandles.lookup();
            SUBMITTED = lookup.findVarHandle(WorkerTally.class, "submitted", long.class);
            STARTED = lookup.findVarHandle(WorkerTally.class, "started", long.class);
            COMPLETED = lookup.findVarHandle(WorkerTally.class, "completed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Padding on both sides (HotSpot keeps same-size fields of one class in declaration order): the owner writes
    // the counts on every task, and no other worker's hot fields may share their cache line.
    @SuppressWarnings("unused") private long p0, p1, p2, p3, p4, p5, p6;
    @SuppressWarnings("unused") private long submitted;
    @SuppressWarnings("unused") private long started;
    @SuppressWarnings("unused") private long completed;
    @SuppressWarnings("unused") private long q0, q1, q2, q3, q4, q5, q6;

    /** Owner only: a task this worker submitted to its own pool. */
    void countSubmitted() {
        SUBMITTED.setOpaque(this, (long) SUBMITTED.getOpaque(this) + 1);
    }

    /** Owner only. */
    void countStarted() {
        STARTED.setOpaque(this, (long) STARTED.getOpaque(this) + 1);
    }

    /** Owner only. */
    void countCompleted() {
        COMPLETED.setOpaque(this, (long) COMPLETED.getOpaque(this) + 1);
    }

    long submitted() {
        return (long) SUBMITTED.getOpaque(this);
    }

    /** Started and not yet completed: 1 while the owner runs a task, else 0 (never negative, whatever a reader sees). */
    long running() {
        long done = (long) COMPLETED.getOpaque(this);
        return Math.max(0, (long) STARTED.getOpaque(this) - done);
    }

    long completed() {
        return (long) COMPLETED.getOpaque(this);
    }
}
