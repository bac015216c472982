package io.shardloop.exec;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongUnaryOperator;

/**
 * Measures each task's queue wait in positions, not wall-clock time (two shared noisy cores stretch time, not
 * positions): for task X, how many tasks the worker that ran X started between X's submission and X's start. A
 * worker that was descheduled or blocked meanwhile started none, so the count grows only while that worker ran
 * other work instead of X. It is compared with the work queued ahead of X: tasks submitted before
 * {@code execute(X)} returned that had not started when it began.
 *
 * <p>Thread contract: {@link #submit} from any thread (workers included); {@link #verify} once every task has run.
 */
final class WaitLedger {

    private static final int MAX_WORKERS = 256;

    private final int capacity;
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicLong entered = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final ConcurrentHashMap<Object, Integer> slots = new ConcurrentHashMap<>();
    private final AtomicInteger slotCount = new AtomicInteger();
    /** Tasks started by each worker (slot) so far. */
    private final AtomicLongArray startedBy = new AtomicLongArray(MAX_WORKERS);

    private final AtomicLongArray ahead;
    private final AtomicReferenceArray<long[]> startedByAtSubmit;
    private final AtomicIntegerArray runner;
    private final AtomicLongArray runnerIndex;
    private final AtomicIntegerArray runs;
    private final AtomicLongArray submitNanos;
    private final AtomicLongArray waitNanos;

    WaitLedger(int capacity) {
        this.capacity = capacity;
        ahead = new AtomicLongArray(capacity);
        startedByAtSubmit = new AtomicReferenceArray<>(capacity);
        runner = new AtomicIntegerArray(capacity);
        runnerIndex = new AtomicLongArray(capacity);
        runs = new AtomicIntegerArray(capacity);
        submitNanos = new AtomicLongArray(capacity);
        waitNanos = new AtomicLongArray(capacity);
    }

    /** Submits {@code body} to {@code executor}, recording what was queued ahead of it. */
    void submit(Executor executor, Runnable body) {
        int id = ids.getAndIncrement();
        if (id >= capacity) {
            throw new IllegalStateException("ledger full: " + capacity);
        }
        long startedBefore = started.get();
        entered.incrementAndGet();
        submitNanos.set(id, System.nanoTime());
        executor.execute(() -> {
            begin(id);
            body.run();
        });
        // read after execute returned: anything submitted later was certainly queued behind X
        ahead.set(id, entered.get() - 1 - startedBefore);
        startedByAtSubmit.set(id, snapshot());
    }

    int submitted() {
        return ids.get();
    }

    private void begin(int id) {
        waitNanos.set(id, System.nanoTime() - submitNanos.get(id));
        started.incrementAndGet();
        int slot = slotOf(workerKey());
        runnerIndex.set(id, startedBy.getAndIncrement(slot));
        runner.set(id, slot);
        runs.incrementAndGet(id);
    }

    /** A platform worker is its thread; a virtual thread's worker is its carrier, named in its toString. */
    private static Object workerKey() {
        var t = Thread.currentThread();
        if (!t.isVirtual()) {
            return t;
        }
        var s = t.toString(); // "VirtualThread[#42,name]/runnable@ForkJoinPool-1-worker-2"
        return s.substring(s.lastIndexOf('@') + 1);
    }

    private int slotOf(Object key) {
        var known = slots.get(key); // lock-free: a virtual thread that blocked here would start "late" on another carrier
        if (known != null) {
            return known;
        }
        return slots.computeIfAbsent(key, k -> {
            int slot = slotCount.getAndIncrement();
            if (slot >= MAX_WORKERS) {
                throw new IllegalStateException("more than " + MAX_WORKERS + " workers");
            }
            return slot;
        });
    }

    private long[] snapshot() {
        int n = slotCount.get();
        var copy = new long[n];
        for (int i = 0; i < n; i++) {
            copy[i] = startedBy.get(i);
        }
        return copy;
    }

    /**
     * Checks every task ran exactly once; returns the task whose wait in positions came closest to (or went
     * furthest over) {@code allowed.applyAsLong(queued ahead)}, as a share of that bound.
     */
    Verdict verify(LongUnaryOperator allowed) {
        int n = ids.get();
        Verdict worst = null;
        long maxPositions = 0;
        long maxWait = 0;
        for (int id = 0; id < n; id++) {
            if (runs.get(id) != 1) {
                throw new AssertionError("task " + id + " ran " + runs.get(id) + " times");
            }
            var before = startedByAtSubmit.get(id);
            int slot = runner.get(id);
            long base = slot < before.length ? before[slot] : 0;
            long positions = Math.max(0, runnerIndex.get(id) - base);
            long bound = allowed.applyAsLong(ahead.get(id));
            maxPositions = Math.max(maxPositions, positions);
            maxWait = Math.max(maxWait, waitNanos.get(id));
            if (worst == null || positions * worst.bound() > worst.positions() * bound) {
                worst = new Verdict(id, positions, ahead.get(id), bound, waitNanos.get(id), 0, 0);
            }
        }
        return worst == null ? new Verdict(-1, 0, 0, 0, 0, 0, 0)
                : new Verdict(worst.task, worst.positions, worst.ahead, worst.bound, worst.waitNanos, maxPositions, maxWait);
    }

    /** The task whose wait came closest to (or furthest over) its bound, and the run's maxima. */
    record Verdict(int task, long positions, long ahead, long bound, long waitNanos, long maxPositions,
            long maxWaitNanos) {
        boolean withinBound() {
            return positions <= bound;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "worst task %d waited %d positions with %d queued ahead (bound %d, "
                    + "%.0f µs); run max %d positions, %.0f µs", task, positions, ahead, bound, waitNanos / 1e3,
                    maxPositions, maxWaitNanos / 1e3);
        }
    }
}
