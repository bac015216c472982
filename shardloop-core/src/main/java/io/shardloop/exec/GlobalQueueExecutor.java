package io.shardloop.exec;

import java.util.concurrent.locks.Condition;

/**
 * {@code global-queue}: N threads on one lock and one condition queue (seed 004's baseline, like
 * ThreadPoolExecutor). Every submitter and every worker meet on the same lock, which is what seed 004 criticises.
 * Thread contract: {@link #execute}, {@link #stats}, {@code shutdown} from any thread.
 */
public final class GlobalQueueExecutor extends LockedQueueExecutor {

    private final Condition notEmpty = lock.newCondition();
    /** Guarded by lock: workers blocked in await, so that execute signals only when someone waits. */
    private int waiting;

    public GlobalQueueExecutor(ExecutorConfig config) {
        super(config);
        for (int i = 0; i < config.threads(); i++) {
            threads.start(i, this::work);
        }
    }

    @Override
    public String kind() {
        return ExecutorKind.GLOBAL_QUEUE.cliName();
    }

    /** Lock held: signals one waiting worker if there is one. */
    @Override
    void queuedLocked(QueuedTask queued) {
        if (waiting > 0) {
            notEmpty.signal();
        }
    }

    /** Worker threads only: take, run, repeat; exit when shut down and the queue is empty. */
    private void work(WorkerProbe probe) {
        var slot = counters.waits.register();
        try {
            QueuedTask next;
            while ((next = take()) != null) {
                counters.runQueued(next, slot, probe, System.nanoTime());
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
    void wakeAllLocked() {
        notEmpty.signalAll();
    }
}
