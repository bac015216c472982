package io.shardloop.exec;

import io.shardloop.stats.ExecutorStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code global-queue}: N threads on one lock and one condition queue (seed 004's baseline, like
 * ThreadPoolExecutor). Every submitter and every worker meet on the same lock, which is what seed 004 criticises.
 * Thread contract: {@link #execute}, {@link #stats}, {@link #shutdown} from any thread.
 */
public final class GlobalQueueExecutor implements WorkerExecutor {

    private final ExecutorCounters counters = new ExecutorCounters();
    private final WorkerThreads threads;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Guarded by lock. */
    private final ArrayDeque<QueuedTask> queue = new ArrayDeque<>();
    /** Guarded by lock: workers blocked in await, so that execute signals only when someone waits. */
    private int waiting;
    /** Guarded by lock. */
    private boolean shutdown;

    public GlobalQueueExecutor(ExecutorConfig config) {
        this.capacity = config.queueCapacity();
        this.threads = new WorkerThreads(config.namePrefix(), counters, this);
        for (int i = 0; i < config.threads(); i++) {
            threads.start(i, this::work);
        }
    }

    @Override
    public String kind() {
        return ExecutorKind.GLOBAL_QUEUE.cliName();
    }

    /** Any thread. Takes the lock, appends, signals one waiting worker if there is one. */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        counters.submitted.increment();
        var queued = QueuedTask.of(task);
        lock.lock();
        try {
            if (shutdown || queue.size() >= capacity) {
                counters.rejected.increment();
                throw new RejectedExecutionException(shutdown ? "global-queue executor is shut down"
                        : "global-queue executor is full (" + capacity + " queued)");
            }
            queue.addLast(queued);
            if (waiting > 0) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Worker threads only: take, run, repeat; exit when shut down and the queue is empty. */
    private void work(WorkerProbe probe) {
        var slot = counters.waits.register();
        try {
            QueuedTask next;
            while ((next = take()) != null) {
                slot.record(System.nanoTime() - next.enqueuedNanos());
                counters.run(next.task(), probe);
            }
        } finally {
            counters.waits.release(slot);
        }
    }

    private QueuedTask take() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (shutdown) {
                    return null;
                }
                waiting++;
                try {
                    notEmpty.await();
                } catch (InterruptedException e) {
                    // only a forced shutdown interrupts; the loop re-checks the state
                } finally {
                    waiting--;
                }
            }
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<? extends BusyProbe> busyProbes() {
        return threads.probes();
    }

    @Override
    public void countInline(boolean becauseBusy) {
        counters.countInline(becauseBusy);
    }

    @Override
    public int queuedEstimate() {
        return counters.queuedEstimate();
    }

    @Override
    public ExecutorStats stats() {
        int queued;
        lock.lock();
        try {
            queued = queue.size();
        } finally {
            lock.unlock();
        }
        return counters.stats(kind(), queued);
    }

    /** Any thread, idempotent. Queued tasks still run; after {@code grace}, those left are dropped (rejected). */
    @Override
    public boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            shutdown = true;
            notEmpty.signalAll();
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
