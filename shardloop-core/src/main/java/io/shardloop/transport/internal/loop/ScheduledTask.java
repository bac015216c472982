package io.shardloop.transport.internal.loop;

/**
 * A timer on one loop: runs {@link #task} on the loop thread at its deadline. Reusable: a connection re-arms
 * the same object for its idle checks, so timers make no garbage. Thread contract: {@link #cancel} from any
 * thread (takes effect when the loop sees it); everything else on the owning loop thread.
 */
public final class ScheduledTask implements Comparable<ScheduledTask> {
    final Runnable task;
    long deadlineNanos;
    long order;
    /** In its heap now ({@link TimerHeap}). */
    boolean queued;
    private volatile boolean cancelled;

    public ScheduledTask(Runnable task) {
        this.task = task;
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void uncancel() {
        cancelled = false;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** What the timer runs at its deadline. */
    public Runnable task() {
        return task;
    }

    @Override
    public int compareTo(ScheduledTask o) {
        int c = Long.compare(deadlineNanos - o.deadlineNanos, 0);
        return c != 0 ? c : Long.compare(order, o.order);
    }
}
