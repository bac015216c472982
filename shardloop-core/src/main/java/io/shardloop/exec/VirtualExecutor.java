package io.shardloop.exec;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code virtual}: one new virtual thread per task, named prefix + sequence. The queue wait is the start delay
 * (from {@code execute} until the task runs on a carrier). Tasks start in submission order: each new virtual
 * thread runs the oldest queued task, not necessarily the one whose {@code execute} started it, because the JDK
 * scheduler drains one of its submission queues while it stays non-empty, so a task that resubmits itself would
 * hold back threads started from elsewhere. Threads created and destroyed count virtual threads.
 * Thread contract: every method from any thread.
 */
public final class VirtualExecutor extends CountedExecutor {

    private final ThreadFactory factory;
    /** Tasks not yet started, oldest first: one per virtual thread started and not yet running a task. */
    private final ConcurrentLinkedQueue<QueuedTask> queue = new ConcurrentLinkedQueue<>();
    /** Tasks accepted and not finished (started or not): shutdown waits for it to reach zero. */
    private final AtomicInteger pending = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private volatile boolean shutdown;

    public VirtualExecutor(ExecutorConfig config) {
        this.factory = Thread.ofVirtual().name(config.namePrefix(), 0).factory();
    }

    @Override
    public String kind() {
        return ExecutorKind.VIRTUAL.cliName();
    }

    /** Any thread. Starts a virtual thread for the task. */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        counters.submitted.increment();
        pending.incrementAndGet(); // before the shutdown check, so that shutdown cannot miss this task
        if (shutdown) {
            finished();
            counters.rejected.increment();
            throw new RejectedExecutionException("virtual executor is shut down");
        }
        queue.offer(QueuedTask.of(task));
        var thread = factory.newThread(this::runOldest);
        counters.threadStarted();
        thread.start();
    }

    /** A virtual thread of this executor: runs the oldest queued task. */
    private void runOldest() {
        try {
            // never null: each thread is started after its own task was queued, and each takes exactly one
            var next = queue.poll();
            long start = System.nanoTime();
            // not watched: a stuck virtual thread holds up only its own task
            ScopedValue.where(WorkerExecutors.CURRENT, this).run(() -> counters.run(next.task(), null, start));
            // recorded after the task: a contended histogram resize may park a virtual thread, never before its task
            counters.waits.recordShared(start - next.enqueuedNanos());
        } finally {
            counters.threadExited();
            finished();
        }
    }

    private void finished() {
        if (pending.decrementAndGet() == 0 && shutdown) {
            lock.lock();
            try {
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Tasks whose virtual thread has not yet started running them. */
    @Override
    int queuedNow() {
        return queue.size();
    }

    /**
     * Any thread, idempotent. Waits up to {@code grace} for the tasks already started; virtual threads are not
     * tracked one by one, so none is interrupted when the grace runs out (false is returned).
     */
    @Override
    public boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        shutdown = true;
        lock.lock();
        try {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pending.get() == 0;
        } finally {
            lock.unlock();
        }
    }
}
