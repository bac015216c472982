package io.shardloop.transport.internal.sharedepoll;

import io.shardloop.codec.Codec;
import io.shardloop.stats.LoopStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.epoll.EpollListenSocket;
import io.shardloop.transport.internal.epoll.EpollStreamSocket;
import io.shardloop.transport.internal.epoll.NativeScratch;
import io.shardloop.transport.internal.epoll.WakeFd;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.ListenSocket;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.loop.Acceptor;
import io.shardloop.transport.internal.loop.Connection;
import io.shardloop.transport.internal.loop.ConnectionLimit;
import io.shardloop.transport.internal.loop.LoopCounters;
import io.shardloop.transport.internal.loop.LoopHost;
import io.shardloop.transport.internal.loop.MessageDispatcher;
import io.shardloop.transport.internal.loop.ScheduledTask;
import io.shardloop.transport.internal.tls.TlsSocket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code shared-epoll}'s engine (boost.asio's one io_context run by a pool of threads): N {@link SharedEpollThread}s
 * wait on one {@link SharedEpollSet}; any of them serves any ready connection, holding its {@link Turn}. Tasks and
 * timers are the pool's, not a thread's: any thread runs them (a task for one connection goes through its turn).
 * One eventfd in the set wakes a thread for tasks; left undrained, it wakes them all to stop. Listeners are
 * accepted on by one thread at a time (a gate), whichever the kernel woke.
 * Thread contract: the public methods from any thread; the package-private ones from the pool's threads.
 */
public final class SharedEpollPool implements LoopHost {
    private static final System.Logger LOG = System.getLogger(SharedEpollPool.class.getName());

    private final String name;
    private final TransportConfig config;
    private final NativeScratch setupScratch = new NativeScratch();
    /** Used only by the thread inside {@link #acceptGate}: the listener's accept4 calls. */
    private final NativeScratch acceptScratch = new NativeScratch();
    private final LoopCounters acceptCounters = new LoopCounters();
    private final AtomicBoolean acceptGate = new AtomicBoolean();
    private final WakeFd wake;
    private final SharedEpollSet set;
    private final List<SharedEpollThread> threads = new ArrayList<>();
    private final PoolTimers timers = new PoolTimers();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while a wake-up is on its way: producers then do not write the eventfd again. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Set<IoHandle> handles = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final long taskBudgetNanos;
    private volatile boolean stopping;

    /** Threads named {@code prefix + i}; needs the epoll transport (java.nio's Selector has one waiter). */
    public SharedEpollPool(String prefix, int threadCount, TransportConfig config) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threadCount);
        }
        this.name = prefix + "pool";
        this.config = config;
        this.taskBudgetNanos = config.taskPhaseBudget().toNanos();
        this.wake = new WakeFd(setupScratch);
        try {
            this.set = new SharedEpollSet(setupScratch, wake.fd());
        } catch (RuntimeException e) {
            wake.close(setupScratch);
            throw e;
        }
        for (int i = 0; i < threadCount; i++) {
            threads.add(new SharedEpollThread(this, prefix + i, config));
        }
    }

    public SharedEpollPool start() {
        running.set(threads.size());
        threads.forEach(SharedEpollThread::start);
        return this;
    }

    /** An acceptor for {@code listener} whose accepted sockets go to {@code sink} on the accepting pool thread. */
    public Acceptor acceptor(ListenSocket listener, ConnectionLimit limit, Acceptor.Sink sink) {
        return new Acceptor(this, listener, limit, sink);
    }

    /** Makes {@code socket} a connection served by this pool; on the pool thread that accepted it. */
    public <I, O> void adopt(StreamSocket socket, Codec<I, O> codec, MessageDispatcher<I, O> dispatcher,
                             ConnectionLimit limit) {
        var here = SharedEpollThread.current();
        if (here == null) {
            throw new IllegalStateException("adopt on a shared-epoll thread, not " + Thread.currentThread().getName());
        }
        var s = config.tls() == null ? socket : TlsSocket.server(socket, here, config.tls());
        if (s == null) { // the engine did not start
            limit.release();
            socket.close();
            return;
        }
        var turn = new Turn(this);
        turn.bind(new Connection<>(turn, here, s, codec, dispatcher, config, limit));
        turn.serve(here, Turn.OPEN);
    }

    /** Stops accepting: closes {@code a} once no thread is inside it (the gate stays shut). A pool thread. */
    public void closeHere(Acceptor a) {
        assertIn();
        while (!acceptGate.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        a.close();
    }

    /** Asks every connection, through its turn, to finish the replies it owes and close. Any thread. */
    public void drainAll() {
        for (var h : handles) {
            if (h instanceof Turn t) {
                t.runServing(t::drainConnection);
            }
        }
    }

    /** Open connections; any thread. */
    public int connectionCount() {
        return connections.get();
    }

    public List<Thread> threads() {
        return threads.stream().map(SharedEpollThread::thread).toList();
    }

    /** Per thread: {@link System#nanoTime()} of its last return from epoll_wait, 0 while waiting (watchdogs). */
    public long busySinceNanos(int thread) {
        return threads.get(thread).busySinceNanos();
    }

    /** One {@link LoopStats} per thread; the open connections are the pool's and are reported on the first. */
    public List<LoopStats> stats() {
        var out = new ArrayList<LoopStats>(threads.size());
        for (int i = 0; i < threads.size(); i++) {
            out.add(threads.get(i).stats(i == 0 ? connections.get() : 0));
        }
        return out;
    }

    /** Counter {@code which} of {@link LoopCounters}, summed over the threads and the acceptor; any thread. */
    public long counter(int which) {
        long sum = acceptCounters.get(which);
        for (var t : threads) {
            sum += t.counters().get(which);
        }
        return sum;
    }

    /** Stops every thread; the last one out force-closes what is left. Any thread; idempotent. */
    public void shutdown() {
        stopping = true;
        wake.wake();
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    // ---- LoopHost: the acceptor's host (it runs inside the accept gate, on any pool thread)

    @Override
    public String name() {
        return name;
    }

    @Override
    public void assertIn() {
        if (SharedEpollThread.current() == null || !threads.contains(SharedEpollThread.current())) {
            throw new IllegalStateException("must run on a thread of " + name + " but ran on "
                    + Thread.currentThread().getName());
        }
    }

    @Override
    public LoopCounters counters() {
        return acceptCounters;
    }

    @Override
    public IoRegistration register(Pollable socket, int ops, IoHandle handle) throws IOException {
        return register(SharedEpollThread.scratchHere(), socket, ops, handle);
    }

    IoRegistration register(NativeScratch s, Pollable socket, int ops, IoHandle handle) throws IOException {
        var r = switch (socket) {
            case EpollStreamSocket c -> set.register(s, c.fd(), false, ops, handle);
            case EpollListenSocket l -> {
                l.ownedBy(acceptScratch);
                yield set.register(s, l.fd(), true, ops, handle);
            }
            default -> throw new IllegalArgumentException("shared-epoll cannot wait on " + socket
                    + " (it needs the epoll transport)");
        };
        handles.add(handle);
        return r;
    }

    @Override
    public void unregistered(IoHandle handle) {
        handles.remove(handle);
    }

    /** Runs {@code task} on some pool thread; wakes one only when the caller is not a pool thread. */
    @Override
    public void execute(Runnable task) {
        tasks.offer(task);
        if (SharedEpollThread.current() == null && !wakePending.get() && wakePending.compareAndSet(false, true)) {
            wake.wake();
        }
    }

    @Override
    public ScheduledTask schedule(Runnable task, long delay, TimeUnit unit) {
        var t = new ScheduledTask(task);
        timers.arm(t, unit.toNanos(delay));
        if (SharedEpollThread.current() == null) {
            wake.wake(); // a waiter's timeout may be later than this deadline
        }
        return t;
    }

    @Override
    public ScheduledTask newTimer(Runnable task) {
        return new ScheduledTask(task);
    }

    @Override
    public void arm(ScheduledTask t, long delayNanos) {
        timers.arm(t, delayNanos);
    }

    @Override
    public void disarm(ScheduledTask t) {
        timers.disarm(t);
    }

    // ---- for the pool's threads

    SharedEpollSet set() {
        return set;
    }

    PoolTimers timers() {
        return timers;
    }

    boolean stopping() {
        return stopping;
    }

    long taskBudgetNanos() {
        return taskBudgetNanos;
    }

    Runnable pollTask() {
        return tasks.poll();
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    /**
     * The eventfd was read ready: reset it, unless stopping (then it stays ready for every other waiter). Drained
     * before the flag is cleared: the other order could swallow the write of a producer that set the flag in
     * between, and leave the flag set with nobody woken, for good. This thread polls the tasks next.
     */
    void woken(NativeScratch s) {
        if (!stopping) {
            wake.drain(s);
            wakePending.set(false);
        }
    }

    /** A listener is ready: accept on it unless another thread already is (it stays ready if a backlog is left). */
    void accept(IoHandle acceptor, int ops) {
        if (acceptGate.compareAndSet(false, true)) {
            try {
                acceptor.onReady(ops);
            } finally {
                acceptGate.set(false);
            }
        }
    }

    /** A thread left its loop; the last one runs what was queued, closes what is open, and frees the set. */
    void exited(SharedEpollThread t) {
        if (running.decrementAndGet() > 0) {
            wake.wake(); // pass the stop on, in case this thread drained the eventfd just before it
            return;
        }
        Runnable r;
        while ((r = tasks.poll()) != null) {
            t.counters().inc(LoopCounters.TASKS_DROPPED);
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "task failed at stop", e);
            }
        }
        t.closeAll(new ArrayList<>(handles));
        set.close(setupScratch);
        wake.close(setupScratch);
        terminated.countDown();
    }
}
