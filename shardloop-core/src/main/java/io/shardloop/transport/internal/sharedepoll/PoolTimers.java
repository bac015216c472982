package io.shardloop.transport.internal.sharedepoll;

import io.shardloop.transport.internal.loop.ScheduledTask;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The timers of a {@link SharedEpollPool}: one heap under a lock, since a connection's timer is armed and disarmed
 * by whichever thread holds its turn. Every thread bounds its epoll_wait by the earliest deadline and runs what is
 * due, so a deadline is met by the first thread to come round (the thread that armed it included), as on a loop.
 * Thread contract: any thread of the pool.
 */
final class PoolTimers {
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<ScheduledTask> heap = new PriorityQueue<>();
    private long order;
    private int cancelledQueued;

    void arm(ScheduledTask t, long delayNanos) {
        lock.lock();
        try {
            if (t.queued) {
                heap.remove(t);
            }
            t.uncancel();
            t.deadlineNanos = System.nanoTime() + delayNanos;
            t.order = order++;
            t.queued = true;
            heap.add(t);
        } finally {
            lock.unlock();
        }
    }

    /** Cancels {@code t} for good; cancelled timers are purged once they are half of the heap (see EventLoop). */
    void disarm(ScheduledTask t) {
        lock.lock();
        try {
            t.cancel();
            if (t.queued && ++cancelledQueued > 64 && cancelledQueued > heap.size() / 2) {
                ScheduledTask.purgeCancelled(heap);
                cancelledQueued = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves the timers due at {@code now} into {@code due} (run them outside the lock). */
    void takeDue(long now, ArrayList<ScheduledTask> due) {
        lock.lock();
        try {
            ScheduledTask head;
            while ((head = heap.peek()) != null && head.deadlineNanos - now <= 0) {
                heap.poll();
                head.queued = false;
                if (!head.isCancelled()) {
                    due.add(head);
                } else if (cancelledQueued > 0) {
                    cancelledQueued--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The epoll_wait timeout for the earliest live deadline: -1 for none, 0 if one is due. */
    int timeoutMillis(long now) {
        lock.lock();
        try {
            ScheduledTask head;
            while ((head = heap.peek()) != null && head.isCancelled()) {
                heap.poll();
                head.queued = false;
                if (cancelledQueued > 0) {
                    cancelledQueued--;
                }
            }
            if (head == null) {
                return -1;
            }
            long nanos = head.deadlineNanos - now;
            return nanos <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999) / 1_000_000));
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return heap.size();
        } finally {
            lock.unlock();
        }
    }
}
