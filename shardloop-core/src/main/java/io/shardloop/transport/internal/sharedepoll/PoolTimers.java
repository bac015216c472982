package io.shardloop.transport.internal.sharedepoll;

import io.shardloop.transport.internal.loop.ScheduledTask;
import io.shardloop.transport.internal.loop.TimerHeap;
import java.util.ArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The timers of a {@link SharedEpollPool}: one heap under a lock, since a connection's timer is armed and disarmed
 * by whichever thread holds its turn. Every thread bounds its epoll_wait by the earliest deadline and runs what is
 * due, so a deadline is met by the first thread to come round (the thread that armed it included), as on a loop.
 * Thread contract: any thread of the pool.
 */
final class PoolTimers {
    private final ReentrantLock lock = new ReentrantLock();
    private final TimerHeap heap = new TimerHeap();

    void arm(ScheduledTask t, long delayNanos) {
        lock.lock();
        try {
            heap.arm(t, delayNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Cancels {@code t} for good. */
    void disarm(ScheduledTask t) {
        lock.lock();
        try {
            heap.disarm(t);
        } finally {
            lock.unlock();
        }
    }

    /** Moves the timers due at {@code now} into {@code due} (run them outside the lock). */
    void takeDue(long now, ArrayList<ScheduledTask> due) {
        lock.lock();
        try {
            ScheduledTask t;
            while ((t = heap.pollDue(now)) != null) {
                due.add(t);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The epoll_wait timeout for the earliest live deadline: -1 for none, 0 if one is due. */
    int timeoutMillis(long now) {
        long nanos;
        lock.lock();
        try {
            nanos = heap.nanosToNext(now);
        } finally {
            lock.unlock();
        }
        if (nanos == Long.MAX_VALUE) {
            return -1;
        }
        return nanos <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999) / 1_000_000));
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
