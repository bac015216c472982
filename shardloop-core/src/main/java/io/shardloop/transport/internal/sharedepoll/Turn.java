package io.shardloop.transport.internal.sharedepoll;

import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.loop.Connection;
import io.shardloop.transport.internal.loop.ConnectionOwner;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The right to serve one shared-epoll connection (a strand): whoever holds it is the only thread touching the
 * connection. Every entry point asks for it: the thread that received the connection's one-shot epoll event, its
 * timer firing, a task posted to it, the accept that opens it, the pool's final close. An entry point that finds
 * it taken leaves a mark (the ready ops, {@code TIMER}, {@code TASKS}) and returns; the holder takes the marks
 * before it gives the turn up, so no work is lost and none runs twice. The registration is re-armed
 * ({@code EPOLL_CTL_MOD}) while the turn is still held: an event that comes back at once finds the turn taken and
 * leaves a mark, and no thread ever re-arms a descriptor that another thread has closed (its number may already
 * belong to a new connection).
 * Thread contract: {@link #serve}, {@link #timerFired} on a pool thread; {@link #runServing} and {@link #runLater}
 * from any thread; {@link #assertServing} by whoever touches the connection.
 */
final class Turn implements IoHandle, ConnectionOwner {
    static final int READY = IoOps.READ | IoOps.WRITE;
    static final int HELD = 1 << 8;
    static final int TIMER = 1 << 9;
    static final int TASKS = 1 << 10;
    static final int OPEN = 1 << 11;
    static final int CLOSE = 1 << 12;
    private static final System.Logger LOG = System.getLogger(Turn.class.getName());

    private final AtomicInteger state = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final SharedEpollPool pool;
    private Connection<?, ?> connection;
    private volatile Thread holder;

    Turn(SharedEpollPool pool) {
        this.pool = pool;
    }

    /** Ties the turn to its connection, once, before anything can reach it. */
    void bind(Connection<?, ?> c) {
        connection = c;
    }

    /** Throws unless the calling thread holds the turn. Always runs (not a JVM assert). */
    @Override
    public void assertServing() {
        if (holder != Thread.currentThread()) {
            throw new IllegalStateException("connection touched by " + Thread.currentThread().getName()
                    + " without its turn (held by " + (holder == null ? "nobody" : holder.getName()) + ")");
        }
    }

    /** Whether the calling thread holds the turn now. */
    boolean heldHere() {
        return holder == Thread.currentThread();
    }

    /** Serves {@code marks} (ready ops and/or the flags above) on {@code t}, or leaves them for the holder. */
    void serve(SharedEpollThread t, int marks) {
        if (!enterOrMark(marks)) {
            return;
        }
        var c = connection;
        try {
            c.servedBy(t);
            int m = marks;
            do {
                work(c, m);
                c.endTurn();
                m = releaseOrTake();
            } while (m != 0);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, t.name() + ": connection failed; closing it", e);
            c.close(true);
            holder = null;
            state.set(0); // closed: later entries find nothing to do
        }
    }

    private void work(Connection<?, ?> c, int m) {
        if ((m & OPEN) != 0) {
            c.open();
        }
        if ((m & READY) != 0) {
            c.onReady(m & READY);
        }
        if ((m & TIMER) != 0) {
            c.onTimer();
        }
        if ((m & TASKS) != 0) {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "task on " + c + " failed", e);
                }
            }
        }
        if ((m & CLOSE) != 0) {
            c.close(true);
        }
    }

    /** Takes the turn (true), or adds {@code marks} for the thread that holds it (false). */
    private boolean enterOrMark(int marks) {
        while (true) {
            int s = state.get();
            if ((s & HELD) == 0) {
                if (state.compareAndSet(s, HELD)) {
                    if (holder != null) {
                        throw new IllegalStateException("turn entered while held by " + holder.getName());
                    }
                    holder = Thread.currentThread();
                    return true;
                }
            } else if (state.compareAndSet(s, s | marks)) {
                return false;
            }
        }
    }

    /** Gives the turn up and returns 0, or, if marks were left meanwhile, keeps it and returns them. */
    private int releaseOrTake() {
        var me = holder;
        while (true) {
            int s = state.get();
            if (s == HELD) {
                holder = null;
                if (state.compareAndSet(HELD, 0)) {
                    return 0;
                }
                holder = me;
            } else if (state.compareAndSet(s, HELD)) {
                return s & ~HELD;
            }
        }
    }

    /** Graceful stop of the connection; with the turn (posted by {@link SharedEpollPool#drainAll}). */
    void drainConnection() {
        connection.drain();
    }

    /** The connection's timer fired on a pool thread. */
    void timerFired() {
        serve(SharedEpollThread.current(), TIMER);
    }

    /** Runs {@code task} with the turn: now if the caller holds it or can take it on a pool thread, else later. */
    @Override
    public void runServing(Runnable task) {
        tasks.offer(task);
        var t = SharedEpollThread.current();
        if (t != null) {
            serve(t, TASKS);
        } else {
            pool.execute(() -> serve(SharedEpollThread.current(), TASKS));
        }
    }

    /** Runs {@code task} with the turn, on a pool thread, after the caller returns. */
    @Override
    public void runLater(Runnable task) {
        tasks.offer(task);
        pool.execute(() -> serve(SharedEpollThread.current(), TASKS));
    }

    @Override
    public IoHandle eventTarget(Connection<?, ?> c) {
        return this;
    }

    @Override
    public Runnable timerTask(Connection<?, ?> c) {
        return this::timerFired;
    }

    /** A ready event from the shared set (the dispatching thread calls {@link #serve} directly). */
    @Override
    public void onReady(int readyOps) {
        serve(SharedEpollThread.current(), readyOps & READY);
    }

    @Override
    public void forceClose() {
        serve(SharedEpollThread.current(), CLOSE);
    }
}
