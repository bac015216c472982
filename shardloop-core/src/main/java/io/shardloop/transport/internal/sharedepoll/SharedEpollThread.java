package io.shardloop.transport.internal.sharedepoll;

import io.shardloop.nativeio.Libc;
import io.shardloop.stats.LoopStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.buffer.BufferPool;
import io.shardloop.transport.internal.buffer.TlsScratch;
import io.shardloop.transport.internal.epoll.EpollStreamSocket;
import io.shardloop.transport.internal.epoll.NativeScratch;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.loop.Connection;
import io.shardloop.transport.internal.loop.ConnectionHost;
import io.shardloop.transport.internal.loop.LoopCounters;
import io.shardloop.transport.internal.loop.ReadOnOpen;
import io.shardloop.transport.internal.loop.ScheduledTask;
import io.shardloop.transport.internal.loop.WaitFailures;
import io.shardloop.transport.internal.tls.TlsSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One thread of a {@link SharedEpollPool}: waits on the pool's one epoll instance, serves whatever ready
 * connection the kernel gives it (taking its {@link Turn}), runs the pool's due timers and tasks. What it serves
 * with is its own: buffer pool, read buffer, native scratch, counters; registrations and timers are the pool's.
 * Thread contract: {@link #stats()}, {@link #name()}, {@link #thread()} and {@link #busySinceNanos()} from any
 * thread; the rest on this thread ({@link #assertIn}).
 */
final class SharedEpollThread implements ConnectionHost {
    /** Events taken per wait: few, so that one thread does not sit on many ready connections while others idle. */
    private static final int MAX_EVENTS = 16;
    private static final ThreadLocal<SharedEpollThread> CURRENT = new ThreadLocal<>();
    private static final System.Logger LOG = System.getLogger(SharedEpollThread.class.getName());

    private final SharedEpollPool pool;
    private final String name;
    private final WaitFailures waitFailures;
    private final Thread thread;
    private final LoopCounters counters = new LoopCounters();
    private final BufferPool buffers;
    private final ByteBuffer readBuffer;
    private final NativeScratch scratch = new NativeScratch();
    private TlsScratch tlsScratch;
    private final MemorySegment events = Arena.ofAuto().allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
    private final ArrayList<ScheduledTask> due = new ArrayList<>();
    private volatile long busySinceNanos = 1;

    SharedEpollThread(SharedEpollPool pool, String name, TransportConfig config) {
        this.pool = pool;
        this.name = name;
        this.waitFailures = new WaitFailures(name);
        this.buffers = new BufferPool(this, config.readBufferSize(), config.pooledBuffersPerLoop());
        this.readBuffer = ByteBuffer.allocateDirect(config.readBufferSize());
        this.thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    /** The pool thread that is running the caller, or null on any other thread. */
    static SharedEpollThread current() {
        return CURRENT.get();
    }

    /** The calling pool thread's native scratch (epoll_ctl from the turn's holder). */
    static NativeScratch scratchHere() {
        var t = CURRENT.get();
        if (t == null) {
            throw new IllegalStateException(Thread.currentThread().getName() + " is not a shared-epoll thread");
        }
        return t.scratch;
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    long busySinceNanos() {
        return busySinceNanos;
    }

    NativeScratch scratch() {
        return scratch;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void assertIn() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("must run on " + name + " but ran on " + Thread.currentThread().getName());
        }
    }

    @Override
    public LoopCounters counters() {
        return counters;
    }

    @Override
    public BufferPool buffers() {
        return buffers;
    }

    @Override
    public ByteBuffer sharedReadBuffer() {
        return readBuffer;
    }

    /** Nothing to queue: the turn flushes before it is given up ({@link Connection#endTurn}). */
    @Override
    public void flushLater(Connection<?, ?> c) {
    }

    @Override
    public ReadOnOpen readOnOpen() {
        return null;
    }

    @Override
    public void connectionOpened() {
        counters.inc(LoopCounters.CONNECTIONS_ACCEPTED);
        pool.connectionOpened();
    }

    @Override
    public void connectionClosed() {
        pool.connectionClosed();
    }

    @Override
    public void adopt(StreamSocket socket) {
        switch (socket) {
            case EpollStreamSocket s -> s.ownedBy(scratch);
            case TlsSocket t -> t.servedBy(this);
            default -> {
            }
        }
    }

    @Override
    public TlsScratch tlsScratch(int packetSize, int applicationSize) {
        return tlsScratch = TlsScratch.fitting(tlsScratch, packetSize, applicationSize);
    }

    @Override
    public IoRegistration register(Pollable socket, int ops, IoHandle handle) throws IOException {
        return pool.register(scratch, socket, ops, handle);
    }

    @Override
    public void unregistered(IoHandle handle) {
        pool.unregistered(handle);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @Override
    public ScheduledTask schedule(Runnable task, long delay, TimeUnit unit) {
        return pool.schedule(task, delay, unit);
    }

    @Override
    public ScheduledTask newTimer(Runnable task) {
        return new ScheduledTask(task);
    }

    @Override
    public void arm(ScheduledTask t, long delayNanos) {
        pool.timers().arm(t, delayNanos);
    }

    @Override
    public void disarm(ScheduledTask t) {
        pool.timers().disarm(t);
    }

    LoopStats stats(int active) {
        return new LoopStats(name, "loop", counters.get(LoopCounters.SELECT_NANOS), counters.get(LoopCounters.WAKEUPS),
                counters.get(LoopCounters.EVENTS), counters.get(LoopCounters.TASKS),
                counters.get(LoopCounters.CONNECTIONS_ACCEPTED), active, counters.get(LoopCounters.MESSAGES),
                counters.get(LoopCounters.BYTES_READ), counters.get(LoopCounters.BYTES_WRITTEN),
                counters.get(LoopCounters.REGISTRATION_FAILURES));
    }

    private void run() {
        CURRENT.set(this);
        try {
            while (!pool.stopping()) {
                boolean more = runTasks();
                if (pool.stopping()) {
                    break;
                }
                long t0 = System.nanoTime();
                busySinceNanos = 0;
                int n;
                try {
                    n = pool.set().wait(scratch, events, MAX_EVENTS, more ? 0 : pool.timers().timeoutMillis(t0));
                    waitFailures.succeeded();
                } catch (java.io.IOException e) {
                    waitFailures.failed(e, counters);
                    n = 0;
                }
                long t1 = System.nanoTime();
                busySinceNanos = t1 == 0 ? 1 : t1;
                counters.add(LoopCounters.SELECT_NANOS, t1 - t0);
                counters.inc(LoopCounters.WAKEUPS);
                counters.add(LoopCounters.EVENTS, n);
                for (int i = 0; i < n; i++) {
                    dispatch(SharedEpollSet.readyBits(events, i), SharedEpollSet.data(events, i));
                }
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, name + ": shared-epoll thread died", t);
        } finally {
            busySinceNanos = 0;
            pool.exited(this);
        }
    }

    private void dispatch(int bits, long data) {
        if (data == SharedEpollSet.WAKE_DATA) {
            pool.woken(scratch);
            return;
        }
        var r = pool.set().lookup(data);
        if (r == null) {
            return; // cancelled since the kernel queued the event
        }
        int ops = r.fired(bits);
        if (ops == 0) {
            return;
        }
        try {
            if (r.listener) {
                pool.accept(r.handle, ops);
            } else {
                ((Turn) r.handle).serve(this, ops);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": I/O handler failed", e);
        }
    }

    /** Due timers, then the pool's tasks within the budget; true if tasks remain. */
    private boolean runTasks() {
        long start = System.nanoTime();
        pool.timers().takeDue(start, due);
        for (int i = 0; i < due.size(); i++) {
            counters.inc(LoopCounters.TASKS);
            runSafely(due.get(i).task());
        }
        due.clear();
        int ran = 0;
        Runnable t;
        while ((t = pool.pollTask()) != null) {
            runSafely(t);
            if ((++ran & 15) == 0 && System.nanoTime() - start > pool.taskBudgetNanos()) {
                counters.add(LoopCounters.TASKS, ran);
                return true;
            }
        }
        counters.add(LoopCounters.TASKS, ran);
        return false;
    }

    private void runSafely(Runnable t) {
        try {
            t.run();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, name + ": task failed", e);
        }
    }

    /** Closes what is still registered at the end (the last thread out); with the turn, on this thread. */
    void closeAll(Iterable<IoHandle> handles) {
        for (var h : handles) {
            try {
                h.forceClose();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed", e);
            }
        }
    }
}
