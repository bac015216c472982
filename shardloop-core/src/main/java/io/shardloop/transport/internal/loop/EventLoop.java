package io.shardloop.transport.internal.loop;

import io.shardloop.stats.LoopStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.io.IoDriver;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.ReadySet;
import io.shardloop.transport.internal.io.SocketAdopter;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.io.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread, one {@link IoDriver}, a multi-producer task queue with coalesced wake-ups, timers and a
 * time-bounded task phase. Everything a loop owns (connections, buffers, registrations) is touched only by its
 * thread. Thread contract: {@link #execute}, {@link #schedule(Runnable, long, TimeUnit)}, {@link #shutdown},
 * the getters and {@link #stats()} from any thread; every other method on the loop thread
 * ({@link #assertInLoop()} checks it, always).
 */
public final class EventLoop {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    /** How soon after a hand-off the accepting loop asks the receiver to sweep (see the epoll driver's hand-off). */
    private static final long SWEEP_DELAY_NANOS = 100_000_000L;

    private final String name;
    private final WaitFailures waitFailures;
    private final String role;
    private final IoDriver driver;
    private final Thread thread;
    private final long taskBudgetNanos;
    private final LoopCounters counters = new LoopCounters();
    private final EventLoopHost host;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while the loop is awake or a wake-up is already on its way: producers then do not wake it. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean(true);
    private final TimerHeap timers = new TimerHeap();
    private final ReadySet ready = new ReadySet();
    // identity and open addressing: no entry object allocated per connection, as HashSet's would be
    private final java.util.Set<IoHandle> handles =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Loops this loop handed tasks to in its current batch, to wake once at its end ({@link #executeAfterBatch}). */
    private final ArrayList<EventLoop> deferredWakes = new ArrayList<>(4);
    /** Per loop this loop hands sockets to: the timer that asks it to sweep ({@link #handOff}). Loop thread. */
    private final java.util.Map<EventLoop, ScheduledTask> sweeps = new java.util.IdentityHashMap<>(4);
    private ScheduledTask ownSweep;
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Wake-ups sent by other threads; atomic because producers race on it (rare: coalesced). */
    private final AtomicLong wakeupCalls = new AtomicLong();
    private volatile long busySinceNanos = 1;
    private volatile boolean stopRequested;
    private volatile boolean stopped;
    private volatile int connectionCount;

    public EventLoop(String name, String role, TransportConfig config, Transport transport) {
        this(name, role, config, transport.newDriver());
    }

    public EventLoop(String name, String role, TransportConfig config, IoDriver driver) {
        this.name = name;
        this.waitFailures = new WaitFailures(name);
        this.role = role;
        this.driver = driver;
        this.taskBudgetNanos = config.taskPhaseBudget().toNanos();
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
        this.host = new EventLoopHost(this, config);
    }

    /** Starts the loop thread; returns this. */
    public EventLoop start() {
        thread.start();
        return this;
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    /** The loop's thread (for watchdogs and per-thread /proc statistics). */
    public Thread thread() {
        return thread;
    }

    /**
     * {@link System#nanoTime()} when the loop last returned from select, or 0 while it is blocked in select.
     * A watchdog that sees the same non-zero value for too long has found a loop stuck in a handler or task.
     */
    public long busySinceNanos() {
        return busySinceNanos;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Throws unless called on this loop's thread. Always runs (not a JVM assert). */
    public void assertInLoop() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("must run on loop thread " + name + " but ran on "
                    + Thread.currentThread().getName());
        }
    }

    /** Runs {@code task} on the loop thread, later, in submission order per submitting thread. Any thread. */
    public void execute(Runnable task) {
        tasks.offer(task);
        if (Thread.currentThread() != thread) {
            wakeIfAsleep();
        }
    }

    /**
     * Runs {@code task} on this loop like {@link #execute}, called on another loop's thread ({@code from}): the
     * wake-up is sent when {@code from} has handled its current batch of events, so a burst of hand-offs (main-sub's
     * accepts) costs this loop one wake-up, and the sender is not preempted by a loop it woke on its own core
     * after every hand-off. Thread contract: {@code from}'s thread.
     */
    public void executeAfterBatch(Runnable task, EventLoop from) {
        from.assertInLoop();
        tasks.offer(task);
        if (from != this && !from.deferredWakes.contains(this)) {
            from.deferredWakes.add(this);
        }
    }

    /**
     * Passes {@code socket}, accepted on loop {@code from}, to this loop, where {@code adopter} makes it a connection.
     * On epoll the accepting thread adds it to this loop's set itself, and this loop takes it at its first event
     * without being woken for it (the epoll driver's hand-off); a sweep, asked for by {@code from} a little later,
     * takes those whose client has not spoken. Otherwise it goes as a task ({@link #executeAfterBatch}).
     * Thread contract: {@code from}'s thread.
     */
    public void handOff(StreamSocket socket, SocketAdopter adopter, EventLoop from) {
        from.assertInLoop();
        if (driver.handIn(socket, adopter, from.driver)) {
            from.sweepLater(this);
        } else {
            executeAfterBatch(() -> adopter.adopt(socket), from);
        }
    }

    /** Loop thread: asks {@code target} to sweep its hand-offs {@link #SWEEP_DELAY_NANOS} from now, unless asked. */
    private void sweepLater(EventLoop target) {
        var t = sweeps.computeIfAbsent(target, l -> newTimer(() -> l.execute(l::sweepHandOffs)));
        if (!t.queued) {
            arm(t, SWEEP_DELAY_NANOS);
        }
    }

    /** Loop thread: adopts the hand-offs no event brought; while younger ones wait, sweeps again later. */
    private void sweepHandOffs() {
        if (driver.sweepHandOffs(IoDriver.HAND_OFF_SWEEP_AGE_NANOS)) {
            if (ownSweep == null) {
                ownSweep = newTimer(this::sweepHandOffs);
            }
            if (!ownSweep.queued) {
                arm(ownSweep, IoDriver.HAND_OFF_SWEEP_AGE_NANOS);
            }
        }
    }

    /** Adopts every hand-off not adopted yet (a draining loop closes them). Loop thread only. */
    public void adoptHandOffs() {
        assertInLoop();
        driver.sweepHandOffs(0);
    }

    private void wakeIfAsleep() {
        if (!wakeupPending.get() && wakeupPending.compareAndSet(false, true)) {
            driver.wakeup();
            wakeupCalls.incrementAndGet();
        }
    }

    /** Loop thread: the wake-ups {@link #executeAfterBatch} held back. */
    private void sendDeferredWakes() {
        for (int i = 0, n = deferredWakes.size(); i < n; i++) {
            deferredWakes.get(i).wakeIfAsleep();
        }
        deferredWakes.clear();
    }

    /** Runs {@code task} on the loop after {@code delay}. Any thread. */
    public ScheduledTask schedule(Runnable task, long delay, TimeUnit unit) {
        var t = new ScheduledTask(task);
        long nanos = unit.toNanos(delay);
        if (inLoop()) {
            timers.enqueue(t, nanos);
        } else {
            execute(() -> timers.enqueue(t, nanos));
        }
        return t;
    }

    /** A timer object to arm (and re-arm) with {@link #arm}; loop thread. */
    public ScheduledTask newTimer(Runnable task) {
        return new ScheduledTask(task);
    }

    /** Arms (or re-arms) {@code t} to fire {@code delayNanos} from now. Loop thread only; makes no garbage. */
    public void arm(ScheduledTask t, long delayNanos) {
        assertInLoop();
        timers.arm(t, delayNanos);
    }

    /** Cancels {@code t} for good (its connection closed); see {@link TimerHeap} for the memory it keeps. */
    public void disarm(ScheduledTask t) {
        assertInLoop();
        timers.disarm(t);
    }

    /** Timers in the heap, live or cancelled and not yet purged (for tests and diagnostics). Loop thread only. */
    int timersQueued() {
        assertInLoop();
        return timers.size();
    }

    LoopCounters counters() {
        return counters;
    }

    /** Counter {@code which} of {@link LoopCounters}; any thread. */
    public long counter(int which) {
        return which == LoopCounters.WAKEUP_CALLS ? wakeupCalls.get() : counters.get(which);
    }

    /** Connections this loop owns now; any thread. */
    public int connectionCount() {
        return connectionCount;
    }

    public boolean isStopped() {
        return stopped;
    }

    /** A snapshot of the loop's counters; any thread. */
    public LoopStats stats() {
        return new LoopStats(name, role, counters.get(LoopCounters.SELECT_NANOS), counters.get(LoopCounters.WAKEUPS),
                counters.get(LoopCounters.EVENTS), counters.get(LoopCounters.TASKS),
                counters.get(LoopCounters.CONNECTIONS_ACCEPTED), connectionCount,
                counters.get(LoopCounters.MESSAGES), counters.get(LoopCounters.BYTES_READ),
                counters.get(LoopCounters.BYTES_WRITTEN),
                counters.get(LoopCounters.REGISTRATION_FAILURES));
    }

    /** Registers {@code channel} for {@code ops} with {@code handle} as its event target. Loop thread only. */
    public IoRegistration register(Pollable socket, int ops, IoHandle handle) throws java.io.IOException {
        assertInLoop();
        var reg = driver.register(socket, ops, handle);
        handles.add(handle);
        return reg;
    }

    /** Forgets a handle whose channel is closed. Loop thread only. */
    public void unregistered(IoHandle handle) {
        assertInLoop();
        handles.remove(handle);
    }

    /** A copy of the handles registered now (connections and listeners); loop thread only. */
    public List<IoHandle> handles() {
        assertInLoop();
        return new ArrayList<>(handles);
    }

    void connectionOpened() {
        connectionCount++;
        counters.inc(LoopCounters.CONNECTIONS_ACCEPTED);
        counters.inc(LoopCounters.CONNECTIONS_ACTIVE);
    }

    void connectionClosed() {
        connectionCount--;
        counters.add(LoopCounters.CONNECTIONS_ACTIVE, -1);
    }

    /** Asks the loop to stop: it force-closes what it still owns and ends its thread. Any thread; idempotent. */
    public void shutdown() {
        stopRequested = true;
        driver.wakeup();
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    private void run() {
        try {
            while (!stopRequested) {
                boolean moreTasks = runTasks();
                host.flushDirty();
                sendDeferredWakes();
                if (stopRequested) {
                    break;
                }
                wakeupPending.set(false);
                long t0 = System.nanoTime();
                busySinceNanos = 0;
                int n;
                try {
                    if (moreTasks || !tasks.isEmpty()) {
                        n = driver.selectNow(ready);
                    } else {
                        long timeout = selectTimeoutMillis(t0);
                        n = timeout < 0 ? driver.selectNow(ready) : driver.select(timeout, ready);
                    }
                    waitFailures.succeeded();
                } catch (java.io.IOException e) {
                    waitFailures.failed(e, counters);
                    n = 0;
                }
                long t1 = System.nanoTime();
                busySinceNanos = t1 == 0 ? 1 : t1;
                wakeupPending.set(true);
                counters.add(LoopCounters.SELECT_NANOS, t1 - t0);
                counters.inc(LoopCounters.WAKEUPS);
                counters.add(LoopCounters.EVENTS, n);
                for (int i = 0; i < n; i++) {
                    var h = ready.handle(i);
                    try {
                        h.onReady(ready.ops(i));
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, name + ": I/O handler failed; closing it", e);
                        h.forceClose();
                    }
                }
                ready.clear();
                host.flushDirty();
                sendDeferredWakes();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, name + ": loop died", t);
        } finally {
            stopped = true;
            // late hand-offs and replies first, while the driver is open, so that nothing they open is missed
            Runnable t;
            while ((t = tasks.poll()) != null) {
                counters.inc(LoopCounters.TASKS_DROPPED);
                runSafely(t);
            }
            for (var h : new ArrayList<>(handles)) {
                try {
                    h.forceClose();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "close failed", e);
                }
            }
            sendDeferredWakes();
            driver.close();
            busySinceNanos = 0;
            terminated.countDown();
        }
    }

    /** Runs due timers and queued tasks until none are left or the budget is spent; true if work remains. */
    private boolean runTasks() {
        long start = System.nanoTime();
        int ran = 0;
        runDueTimers(start);
        Runnable t;
        while ((t = tasks.poll()) != null) {
            runSafely(t);
            if ((++ran & 15) == 0 && System.nanoTime() - start > taskBudgetNanos) {
                counters.add(LoopCounters.TASKS, ran);
                counters.inc(LoopCounters.TASK_BUDGET_EXHAUSTED);
                return true;
            }
        }
        counters.add(LoopCounters.TASKS, ran);
        return false;
    }

    private void runDueTimers(long now) {
        ScheduledTask due;
        while ((due = timers.pollDue(now)) != null) {
            counters.inc(LoopCounters.TASKS);
            runSafely(due.task);
        }
    }

    /** The select timeout for the earliest live deadline: 0 for none (select until woken), -1 if one is due. */
    private long selectTimeoutMillis(long now) {
        long nanos = timers.nanosToNext(now);
        if (nanos == Long.MAX_VALUE) {
            return 0;
        }
        return nanos <= 0 ? -1 : Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    private void runSafely(Runnable t) {
        try {
            t.run();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, name + ": task failed", e);
        }
    }

    /** This loop as the host of its acceptors and connections, for life. */
    public ConnectionHost host() {
        return host;
    }

    /** This loop as the owner of its connections, for life. */
    ConnectionOwner owner() {
        return host;
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + "]";
    }
}
