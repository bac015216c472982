package io.shardloop.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Over 400 lines: deques, inboxes, stealing and parking are one scheduling protocol whose races are checked together.
 * <p>
 * {@code work-stealing}: a run queue per worker (seed 004's remedy, shaped like bRPC's task groups).
 * A worker pushes and pops its own {@link WorkStealingDeque} at one end; idle workers steal from the other end,
 * starting at a random victim. Threads that are not workers (event loops) submit to a worker's lock-free inbox,
 * always the same one for a given thread (so two loops feeding two workers share no queue), and idle workers
 * take from the others' inboxes as they steal from their deques.
 * Parked workers are woken sparingly: a new task wakes at most one, and only when no worker is already
 * searching; the searcher that finds work wakes the next one if more is waiting (so wake-ups ripple instead
 * of stampeding).
 * Waiting is bounded ({@link Fairness}): a busy worker pops its deque newest-first only {@code lifoRun} times in a
 * row before it takes its oldest, and at a fixed cadence takes the oldest task at the heads of its own and one
 * neighbour's queues (neighbours in turn), so neither a task that resubmits itself nor a worker stuck in a long
 * task holds up what was queued before.
 *
 * <p>Thread contract: {@link #execute}, {@link #stats}, {@link #shutdown} from any thread; everything else runs
 * on the worker threads, each method saying whose.
 */
public final class WorkStealingExecutor extends CountedExecutor {

    private static final int DEQUE_CAPACITY = 1024;
    private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

    private final WorkerThreads threads;
    private final Worker[] workers;
    private final int stealSpins;
    private final Fairness fairness;

    /** Parked workers, most recently parked first (its cache is warmest). */
    private final ConcurrentLinkedDeque<Worker> sleepers = new ConcurrentLinkedDeque<>();
    /** Workers searching for work, plus those woken and not yet searching: while > 0, nobody else is woken. */
    private final AtomicInteger searching = new AtomicInteger();
    /** Submissions by non-workers between their shutdown check and their enqueue; workers wait for them. */
    private final AtomicInteger submitting = new AtomicInteger();
    private volatile boolean shutdown;

    public WorkStealingExecutor(ExecutorConfig config) {
        this.stealSpins = config.stealSpins();
        this.fairness = config.fairness();
        this.threads = new WorkerThreads(config.namePrefix(), counters, this);
        this.workers = new Worker[config.threads()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
        }
        for (var w : workers) {
            w.thread = threads.start(w.index, w::run);
        }
    }

    @Override
    public List<? extends BusyProbe> busyProbes() {
        return threads.probes();
    }

    @Override
    public String kind() {
        return ExecutorKind.WORK_STEALING.cliName();
    }

    /**
     * Any thread. A worker of this pool pushes onto its own deque (no shared write); any other thread offers to
     * the inbox of the worker it maps to. Then at most one parked worker is woken, and only if no worker is
     * searching.
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        var queued = QueuedTask.of(task);
        var me = CURRENT.get();
        if (me != null && me.pool() == this) {
            me.tally.countSubmitted(); // the worker's own count: no shared write
            if (shutdown) {
                reject();
            }
            if (!me.deque.push(queued)) {
                me.inbox.offer(queued); // the pushing worker is alive and drains its inbox before it exits
            }
        } else {
            counters.submitted.increment();
            submitting.incrementAndGet();
            try {
                if (shutdown) {
                    reject();
                }
                // a thread keeps its worker: the same inbox, no contention between submitters on distinct ones
                workers[(int) (Thread.currentThread().threadId() % workers.length)].inbox.offer(queued);
            } finally {
                submitting.decrementAndGet();
            }
        }
        signalWork();
    }

    private void reject() {
        counters.rejected.increment();
        throw new RejectedExecutionException("work-stealing executor is shut down");
    }

    /** Any thread. Wakes one parked worker if there is one and nobody is searching already. */
    private void signalWork() {
        while (searching.get() == 0 && !sleepers.isEmpty()) {
            if (!searching.compareAndSet(0, 1)) {
                return; // someone else became the searcher
            }
            var sleeper = sleepers.pollFirst();
            if (sleeper != null) {
                sleeper.notified = true;
                LockSupport.unpark(sleeper.thread);
                return;
            }
            searching.decrementAndGet();
            // a worker may have parked between our isEmpty and pollFirst after missing the task: look again
            if (!hasWork()) {
                return;
            }
        }
    }

    /** Any thread; a hint. */
    private boolean hasWork() {
        for (var w : workers) {
            if (!w.deque.isEmpty() || !w.inbox.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    int queuedNow() {
        int queued = 0;
        for (var w : workers) {
            queued += w.deque.size() + w.inbox.size();
        }
        return queued;
    }

    /** Any thread, idempotent. Queued tasks still run; after {@code grace}, those left are dropped (rejected). */
    @Override
    public boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        shutdown = true;
        for (var w : workers) {
            LockSupport.unpark(w.thread);
        }
        return threads.finishShutdown(deadline, this::dropQueued);
    }

    private void dropQueued() {
        for (var w : workers) {
            while (w.inbox.poll() != null) {
                counters.rejected.increment();
            }
            while (!w.deque.isEmpty()) {
                if (w.deque.steal() != null) {
                    counters.rejected.increment();
                }
            }
        }
    }

    /** One worker: its deque and its parking state. Fields are the worker thread's unless said otherwise. */
    private final class Worker {
        final int index;
        final WorkStealingDeque<QueuedTask> deque = new WorkStealingDeque<>(DEQUE_CAPACITY);
        /** Tasks from non-workers (and overflow of this worker's full deque): any thread offers, any worker polls. */
        final ConcurrentLinkedQueue<QueuedTask> inbox = new ConcurrentLinkedQueue<>();
        Thread thread;
        /** Set by a waker (any thread) after taking this worker off the sleepers list; cleared by the worker. */
        volatile boolean notified;
        /** Whether this worker holds one unit of {@code searching}. */
        private boolean isSearching;
        /** The neighbour whose queue heads the next cadence look includes (round robin). */
        private int neighbour;
        /** Made by the worker thread in {@link #run}, like {@link #tally}: see {@link WorkerTurn}. */
        private WorkerTurn turn;
        /** This worker's task counts; written once before {@link #CURRENT} is set, so {@code execute} can read it. */
        private WorkerTally tally;
        private WaitTimes.Slot waits;
        private WorkerProbe probe;

        Worker(int index) {
            this.index = index;
            this.neighbour = index;
        }

        WorkStealingExecutor pool() {
            return WorkStealingExecutor.this;
        }

        /** Worker thread: the main loop. */
        void run(WorkerProbe probe) {
            this.probe = probe;
            turn = new WorkerTurn(fairness);
            tally = counters.tally();
            CURRENT.set(this);
            waits = counters.waits.register();
            try {
                while (true) {
                    var task = findTask();
                    if (task != null) {
                        runTask(task);
                    } else if (shutdown) {
                        if (submitting.get() == 0 && !hasWork()) {
                            break;
                        }
                        LockSupport.parkNanos(this, 1_000_000); // draining: others still hold tasks, poll for them
                    } else {
                        park();
                    }
                }
            } finally {
                if (isSearching) {
                    isSearching = false;
                    searching.decrementAndGet();
                }
                counters.waits.release(waits);
                CURRENT.remove();
            }
        }

        private void runTask(QueuedTask task) {
            counters.runQueued(task, waits, probe, turn.startNanos, tally);
        }

        /**
         * Worker thread. When the cadence is due, the oldest head of its own and a neighbour's queues; otherwise its
         * own deque, its inbox, then a bounded search of the others' deques and inboxes. Sets the turn's start stamp.
         */
        private QueuedTask findTask() {
            long now = System.nanoTime();
            QueuedTask task = null;
            if (turn.lookDue(now)) {
                task = takeOldestHead();
            }
            if (task == null) {
                task = takeLocal();
            }
            if (task == null) {
                task = inbox.poll();
            }
            if (task == null) {
                task = search();
                now = System.nanoTime(); // the search may have spun
            }
            if (task != null) {
                turn.startNanos = now;
                if (isSearching) {
                    isSearching = false;
                    // the last searcher to find work wakes the next, if work remains
                    if (searching.decrementAndGet() == 0 && hasWork()) {
                        signalWork();
                    }
                }
            }
            return task;
        }

        /**
         * Worker thread: newest first (cache-warm), but after {@code lifoRun} such pops in a row its oldest, so that
         * a task pushed later cannot overtake an earlier one for ever.
         */
        private QueuedTask takeLocal() {
            if (turn.newestFirst()) {
                var task = deque.pop();
                if (task != null) {
                    turn.poppedNewest();
                }
                return task;
            }
            turn.tookOldest();
            var task = deque.takeOldest();
            // null: empty, or a thief won the oldest; then whatever is left, without a pop's fence on an empty deque
            return task != null || deque.isEmpty() ? task : deque.pop();
        }

        /** Which queue head a cadence look chose. */
        private enum Head { OWN_INBOX, OWN_DEQUE, NEIGHBOUR_INBOX, NEIGHBOUR_DEQUE }

        /**
         * Worker thread: the oldest of the tasks at the heads of its own inbox and deque and of the next neighbour's,
         * so that what waits longest, here or at a busy or stuck neighbour, goes first. Null if all are empty or a
         * thief took the chosen one first.
         */
        private QueuedTask takeOldestHead() {
            var other = nextNeighbour();
            var oldest = inbox.peek();
            var from = Head.OWN_INBOX;
            QueuedTask head;
            if (older(head = deque.peekOldest(), oldest)) {
                oldest = head;
                from = Head.OWN_DEQUE;
            }
            if (other != null && older(head = other.inbox.peek(), oldest)) {
                oldest = head;
                from = Head.NEIGHBOUR_INBOX;
            }
            if (other != null && older(head = other.deque.peekOldest(), oldest)) {
                oldest = head;
                from = Head.NEIGHBOUR_DEQUE;
            }
            if (oldest == null) {
                return null;
            }
            return switch (from) {
                case OWN_INBOX -> inbox.poll();
                case OWN_DEQUE -> deque.takeOldest();
                case NEIGHBOUR_INBOX -> other.inbox.poll();
                case NEIGHBOUR_DEQUE -> {
                    var task = other.deque.steal();
                    if (task != null) {
                        counters.steals.increment();
                    }
                    yield task;
                }
            };
        }

        private static boolean older(QueuedTask a, QueuedTask b) {
            return a != null && (b == null || a.enqueuedNanos() - b.enqueuedNanos() < 0);
        }

        /** Worker thread: the other workers in turn; null when this is the only one. */
        private Worker nextNeighbour() {
            if (workers.length == 1) {
                return null;
            }
            neighbour = (neighbour + 1) % workers.length;
            if (neighbour == index) {
                neighbour = (neighbour + 1) % workers.length;
            }
            return workers[neighbour];
        }

        /** Worker thread, own queues empty: up to {@code stealSpins} rounds over the others, or one look. */
        private QueuedTask search() {
            if (!startSearching()) {
                return stealOnce(); // enough searchers spin already: one look, then park
            }
            QueuedTask task = null;
            for (int round = 0; round <= stealSpins && task == null; round++) {
                task = stealOnce();
                if (task == null) {
                    task = inbox.poll();
                    Thread.onSpinWait();
                }
            }
            return task;
        }

        /** Worker thread. At most half the workers search at once (at least one), so idle ones park. */
        private boolean startSearching() {
            if (isSearching) {
                return true;
            }
            while (true) {
                int s = searching.get();
                if (2 * s >= Math.max(2, workers.length)) {
                    return false;
                }
                if (searching.compareAndSet(s, s + 1)) {
                    isSearching = true;
                    return true;
                }
            }
        }

        /** Worker thread: one pass over the other workers from a random start; counts a successful steal. */
        private QueuedTask stealOnce() {
            int n = workers.length;
            int start = ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                var victim = workers[(start + i) % n];
                if (victim == this) {
                    continue;
                }
                var task = victim.deque.steal();
                if (task != null) {
                    counters.steals.increment();
                    return task;
                }
                task = victim.inbox.poll(); // its submitters' work, not yet started: not counted as a steal
                if (task != null) {
                    return task;
                }
            }
            return null;
        }

        /**
         * Worker thread. Registers as a sleeper, gives up searching, then looks once more: a task enqueued
         * before a waker saw "somebody is searching" or "nobody sleeps" is seen here (all steps are volatile,
         * so they are totally ordered), which is what makes skipping the wake-up safe.
         */
        private void park() {
            sleepers.addFirst(this);
            if (isSearching) {
                isSearching = false;
                searching.decrementAndGet();
            }
            if (hasWork() || shutdown) {
                leaveSleepers();
                return;
            }
            while (!notified) {
                LockSupport.park(this);
                if (shutdown && !notified) {
                    leaveSleepers();
                    return;
                }
            }
            notified = false;
            isSearching = true; // the waker counted us as searching
        }

        /** Worker thread: takes itself off the list, or, if a waker got there first, accepts the wake-up. */
        private void leaveSleepers() {
            if (sleepers.remove(this)) {
                return;
            }
            for (int spins = 1; !notified; spins++) {
                // the waker sets the flag right after taking us off the list
                if (spins % 64 == 0) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            notified = false;
            isSearching = true;
        }
    }
}
