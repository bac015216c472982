package io.shardloop.exec;

/**
 * Which queue a busy {@code work-stealing} worker takes its next task from ({@link Fairness}), and when that task
 * starts. Countdowns, so that a task costs a decrement and a compare: newest-first pops left before the deque's
 * oldest, and tasks left before the next look past its own deque, which also comes once {@code sharedEvery} has
 * passed (the caller passes the clock read it already made, so the cadence costs no clock read of its own).
 *
 * <p>Thread contract: the owning worker only. It makes this object itself, so the fields it writes on every task
 * sit in its own allocation buffer, not beside what other workers read (its deque and inbox references).
 */
final class WorkerTurn {

    private final int lifoRun;
    private final int lookEveryTasks;
    private final long lookEveryNanos;
    private int newestLeft;
    private int tasksLeft;
    private long lastLookNanos;
    /** The clock read that chose the task about to start. */
    long startNanos;

    WorkerTurn(Fairness fairness) {
        this.lifoRun = fairness.lifoRun();
        this.lookEveryTasks = fairness.sharedEveryTasks();
        this.lookEveryNanos = fairness.sharedEvery().toNanos();
        this.newestLeft = lifoRun;
        this.tasksLeft = lookEveryTasks;
        this.lastLookNanos = System.nanoTime();
    }

    /**
     * Called once per search for a task: true, and the cadence restarts, when {@code sharedEveryTasks} searches
     * (so at most that many tasks) or {@code sharedEvery} have passed since the last look.
     */
    boolean lookDue(long nowNanos) {
        if (--tasksLeft > 0 && nowNanos - lastLookNanos < lookEveryNanos) {
            return false;
        }
        tasksLeft = lookEveryTasks;
        lastLookNanos = nowNanos;
        return true;
    }

    /** Whether the next take from the own deque is newest-first (false: its oldest is due). */
    boolean newestFirst() {
        return newestLeft > 0;
    }

    /** A newest-first pop found a task. */
    void poppedNewest() {
        newestLeft--;
    }

    /** The oldest was taken (or tried): newest-first again for {@code lifoRun} pops. */
    void tookOldest() {
        newestLeft = lifoRun;
    }
}
