package io.shardloop.exec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The executors whose workers meet on one lock around one FIFO queue ({@code global-queue}, {@code elastic}): the
 * queue, its shutdown flag, the workers' threads, and the shutdown sequence they share (flag under the lock, wake
 * every waiter, wait for the workers, drop what is left after the grace).
 * Thread contract: {@link #shutdown} and {@link #stats} from any thread; fields marked "guarded by lock" only with
 * {@link #lock} held.
 */
abstract sealed class LockedQueueExecutor extends CountedExecutor permits ElasticExecutor, GlobalQueueExecutor {

    final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    final ArrayDeque<QueuedTask> queue = new ArrayDeque<>();
    /** Guarded by lock. */
    boolean shutdown;
    final WorkerThreads threads;
    private final int capacity;

    LockedQueueExecutor(ExecutorConfig config) {
        this.threads = new WorkerThreads(config.namePrefix(), counters, this);
        this.capacity = config.queueCapacity();
    }

    /** Any thread. Appends under the lock, or refuses when shut down or full; then lets the kind wake a worker. */
    @Override
    public final void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        counters.submitted.increment();
        var queued = QueuedTask.of(task);
        lock.lock();
        try {
            if (shutdown || queue.size() >= capacity) {
                counters.rejected.increment();
                throw new RejectedExecutionException(kind() + " executor is "
                        + (shutdown ? "shut down" : "full (" + capacity + " queued)"));
            }
            queue.addLast(queued);
            queuedLocked(queued);
        } finally {
            lock.unlock();
        }
    }

    /** Lock held, {@code queued} just appended: wakes a worker, or whatever the kind does to get it started. */
    abstract void queuedLocked(QueuedTask queued);

    @Override
    public final List<? extends BusyProbe> busyProbes() {
        return threads.probes();
    }

    @Override
    final int queuedNow() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Lock held, shutdown just set: wakes every worker (and helper thread) that waits on a condition of the lock. */
    abstract void wakeAllLocked();

    /** Any thread, idempotent. Queued tasks still run; after {@code grace}, those left are dropped (rejected). */
    @Override
    public final boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            shutdown = true;
            wakeAllLocked();
        } finally {
            lock.unlock();
        }
        return threads.finishShutdown(deadline, this::dropQueued);
    }

    private void dropQueued() {
        lock.lock();
        try {
            counters.rejected.add(queue.size());
            queue.clear();
        } finally {
            lock.unlock();
        }
    }
}
