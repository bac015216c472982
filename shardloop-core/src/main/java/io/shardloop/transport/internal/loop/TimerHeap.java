package io.shardloop.transport.internal.loop;

import java.util.PriorityQueue;

/**
 * The deadlines of one loop, or of a shared-epoll pool under its lock: a heap of reusable {@link ScheduledTask}s.
 * A cancelled timer stays in the heap until its deadline, and short connections cancel one each, so the heap is
 * purged once they are half of it: memory stays in proportion to the open connections, not to the connection rate
 * times the timeout. Thread contract: one thread at a time (the loop's, or whoever holds the pool's lock).
 */
public final class TimerHeap {
    private final PriorityQueue<ScheduledTask> heap = new PriorityQueue<>();
    private long order;
    /** Cancelled timers still in {@link #heap}. */
    private int cancelledQueued;

    /** Arms (or re-arms) {@code t}, cancelled or not, to fire {@code delayNanos} from now. Makes no garbage. */
    public void arm(ScheduledTask t, long delayNanos) {
        t.uncancel();
        enqueue(t, delayNanos);
    }

    /** Queues {@code t} for {@code delayNanos} from now, unless it was cancelled meanwhile (it then never runs). */
    void enqueue(ScheduledTask t, long delayNanos) {
        if (t.queued) {
            heap.remove(t);
        }
        t.deadlineNanos = System.nanoTime() + delayNanos;
        t.order = order++;
        t.queued = true;
        heap.add(t);
    }

    /** Cancels {@code t} for good (its connection closed). */
    public void disarm(ScheduledTask t) {
        t.cancel();
        if (t.queued && ++cancelledQueued > 64 && cancelledQueued > heap.size() / 2) {
            heap.removeIf(q -> {
                if (q.isCancelled()) {
                    q.queued = false;
                    return true;
                }
                return false;
            });
            cancelledQueued = 0;
        }
    }

    /** Takes out and returns the next live timer due at {@code now}, or null when none is due. */
    public ScheduledTask pollDue(long now) {
        ScheduledTask head;
        while ((head = heap.peek()) != null && head.deadlineNanos - now <= 0) {
            heap.poll();
            head.queued = false;
            if (!head.isCancelled()) {
                return head;
            }
            if (cancelledQueued > 0) {
                cancelledQueued--;
            }
        }
        return null;
    }

    /** Nanoseconds from {@code now} to the earliest live deadline (0 or less: due), {@link Long#MAX_VALUE} for none. */
    public long nanosToNext(long now) {
        ScheduledTask head;
        while ((head = heap.peek()) != null && head.isCancelled()) {
            heap.poll();
            head.queued = false;
            if (cancelledQueued > 0) {
                cancelledQueued--;
            }
        }
        return head == null ? Long.MAX_VALUE : head.deadlineNanos - now;
    }

    /** Timers in the heap, live or cancelled and not yet purged. */
    public int size() {
        return heap.size();
    }
}
