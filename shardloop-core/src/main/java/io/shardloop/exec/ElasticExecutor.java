package io.shardloop.exec;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;

/**
 * {@code elastic}: between {@code minThreads} and {@code threads} workers on one locked queue, sized by the load
 * with hysteresis so that a bursty load does not create and destroy threads in a loop (seeds 002 and 003):
 * <ul>
 *   <li>grow by one thread only when no worker is idle, no thread is still starting, and the oldest queued
 *       task has waited at least {@code growAfter} (a short burst is absorbed by the threads there are);</li>
 *   <li>retire a thread only after it has been idle for {@code keepAlive}, never below the minimum, and at
 *       most one retirement per {@code retireInterval} across the pool (it shrinks slowly).</li>
 * </ul>
 * Growth is checked on submit, when a worker takes a task from a backlog, and by a small supervisor thread
 * ({@code <prefix>grow}) that wakes only while tasks wait and no worker is idle, so that a backlog behind
 * blocked workers grows the pool even when nothing new is submitted.
 *
 * <p>Thread contract: {@link #execute}, {@link #stats}, {@code shutdown} from any thread; workers are internal.
 */
public final class ElasticExecutor extends LockedQueueExecutor {

    private final int min;
    private final int max;
    private final long keepAliveNanos;
    private final long retireIntervalNanos;
    private final long growAfterNanos;
    /**
     * Guarded by lock: idle workers, most recently idle first. Waking the last one to go idle (LIFO) keeps
     * the surplus threads idle long enough to retire; a FIFO condition would rotate work over all of them.
     */
    private final ArrayDeque<Waiter> idle = new ArrayDeque<>();
    /** Guarded by lock: workers signalled and not yet awake. */
    private int waking;
    /** Guarded by lock: workers alive (started and not retired). */
    private int live;
    /** Guarded by lock: workers started that have not yet looked at the queue. */
    private int starting;
    /** Guarded by lock: next thread-name index (names are never reused, so the lab sees churn). */
    private int nextIndex;
    /** Guarded by lock. */
    private long lastRetireNanos;
    /** Signals the supervisor that a backlog formed with nobody idle. */
    private final Condition backlog = lock.newCondition();
    /** Guarded by lock: the supervisor waits for a backlog (not on a timer). */
    private boolean supervisorParked;

    public ElasticExecutor(ExecutorConfig config) {
        super(config);
        this.min = config.minThreads();
        this.max = config.threads();
        this.keepAliveNanos = config.keepAlive().toNanos();
        this.retireIntervalNanos = config.retireInterval().toNanos();
        this.growAfterNanos = config.growAfter().toNanos();
        lock.lock();
        try {
            lastRetireNanos = System.nanoTime() - retireIntervalNanos;
            for (int i = 0; i < min; i++) {
                spawnLocked();
            }
        } finally {
            lock.unlock();
        }
        Thread.ofPlatform().name(config.namePrefix() + "grow").daemon(true).start(this::supervise);
    }

    @Override
    public String kind() {
        return ExecutorKind.ELASTIC.cliName();
    }

    /** Lock held: wakes an idle worker if there is one, else maybe adds a thread. */
    @Override
    void queuedLocked(QueuedTask queued) {
        var waiter = idle.pollFirst();
        if (waiter != null) {
            wakeLocked(waiter);
        } else if (!maybeGrowLocked(queued.enqueuedNanos()) && supervisorParked) {
            backlog.signal();
        }
    }

    /** Lock held. */
    private void wakeLocked(Waiter waiter) {
        waiter.signalled = true;
        waking++;
        waiter.condition.signal();
    }

    /** Lock held. The growth rule of the class comment; true if a thread was added. */
    private boolean maybeGrowLocked(long now) {
        if (shutdown || live >= max || !idle.isEmpty() || waking > 0 || starting > 0) {
            return false;
        }
        var oldest = queue.peekFirst();
        if (oldest == null) {
            return false;
        }
        if (live == 0 || now - oldest.enqueuedNanos() >= growAfterNanos) {
            spawnLocked();
            return true;
        }
        return false;
    }

    /** Supervisor thread only: while a backlog waits, re-check the growth rule when the oldest task comes due. */
    private void supervise() {
        lock.lock();
        try {
            while (!shutdown) {
                var oldest = queue.peekFirst();
                if (oldest == null || !idle.isEmpty()) {
                    supervisorParked = true;
                    try {
                        backlog.await();
                    } finally {
                        supervisorParked = false;
                    }
                    continue;
                }
                long now = System.nanoTime();
                maybeGrowLocked(now);
                long due = live >= max ? 50_000_000L : growAfterNanos - (now - oldest.enqueuedNanos());
                backlog.awaitNanos(Math.max(due, 1_000_000L));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts it; end quietly if someone does
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private void spawnLocked() {
        live++;
        starting++;
        threads.start(nextIndex++, this::work);
    }

    /** An idle worker's own condition, so that the pool chooses whom to wake. Guarded by lock. */
    private static final class Waiter {
        final Condition condition;
        boolean signalled;

        Waiter(Condition condition) {
            this.condition = condition;
        }
    }

    /** Worker threads only. */
    private void work(WorkerProbe probe) {
        var slot = counters.waits.register();
        var me = new Waiter(lock.newCondition());
        try {
            QueuedTask next;
            boolean first = true;
            while ((next = take(me, first)) != null) {
                first = false;
                counters.runQueued(next, slot, probe, System.nanoTime());
            }
        } finally {
            counters.waits.release(slot);
        }
    }

    /** Worker threads only. The next task, or null when this thread retires or the pool has shut down. */
    private QueuedTask take(Waiter me, boolean first) {
        lock.lock();
        try {
            if (first) {
                starting--;
            }
            long idleSince = System.nanoTime();
            while (queue.isEmpty()) {
                if (shutdown) {
                    live--;
                    return null;
                }
                long now = System.nanoTime();
                long idleFor = now - idleSince;
                long sinceRetire = now - lastRetireNanos;
                if (idleFor >= keepAliveNanos && live > min && sinceRetire >= retireIntervalNanos) {
                    lastRetireNanos = now;
                    live--;
                    return null;
                }
                // sleep until this thread could retire: keep-alive reached, or the next retirement slot
                long waitNanos = idleFor < keepAliveNanos ? keepAliveNanos - idleFor
                        : live > min ? retireIntervalNanos - sinceRetire
                        : Long.MAX_VALUE;
                me.signalled = false;
                idle.addFirst(me);
                try {
                    if (waitNanos == Long.MAX_VALUE) {
                        me.condition.await();
                    } else {
                        me.condition.awaitNanos(Math.max(waitNanos, 1_000_000));
                    }
                } catch (InterruptedException e) {
                    // only a forced shutdown interrupts; the loop re-checks the state
                } finally {
                    if (me.signalled) {
                        waking--;
                    } else {
                        idle.remove(me); // timed out (or woke spuriously): no longer waiting
                    }
                }
            }
            var task = queue.pollFirst();
            if (!queue.isEmpty()) {
                maybeGrowLocked(System.nanoTime()); // a backlog that keeps waiting grows the pool even without new submits
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void wakeAllLocked() {
        backlog.signal();
        Waiter waiter;
        while ((waiter = idle.pollFirst()) != null) {
            wakeLocked(waiter);
        }
    }
}
