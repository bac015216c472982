package io.shardloop.model.internal;

import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.stats.ServerStats;
import io.shardloop.transport.internal.Acceptor;
import io.shardloop.transport.internal.SharedEpollPool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code shared-epoll} server: one pool, one listener. Shuts down in order: stop accepting, drain the
 * connections through their turns, stop the pool. It has no {@code EventLoop}s ({@link #loops()} is empty); its
 * threads' figures are in {@link #stats()}. Thread contract: any thread.
 */
final class SharedEpollServer implements Server {
    private final SharedEpollPool pool;
    private final int port;
    private final Duration grace;
    private final long startNanos = System.nanoTime();
    private final ShutdownOnce shutdown = new ShutdownOnce();
    private volatile Acceptor acceptor;
    private volatile boolean draining;

    SharedEpollServer(SharedEpollPool pool, int port, Duration grace) {
        this.pool = pool;
        this.port = port;
        this.grace = grace;
    }

    void accepting(Acceptor a) {
        acceptor = a;
    }

    boolean draining() {
        return draining;
    }

    /** The pool (for tests and diagnostics: its threads and counters). */
    SharedEpollPool pool() {
        return pool;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ModelKind model() {
        return ModelKind.SHARED_EPOLL;
    }

    @Override
    public String transport() {
        return "epoll";
    }

    @Override
    public ServerStats stats() {
        var ls = pool.stats();
        long messages = 0;
        for (var s : ls) {
            messages += s.messages();
        }
        return new ServerStats(ModelKind.SHARED_EPOLL.cliName(), System.nanoTime() - startNanos, ls, null, 0,
                pool.connectionCount(), messages, "epoll");
    }

    @Override
    public boolean shutdown(Duration grace) {
        return shutdown.run(() -> stop(grace));
    }

    private boolean stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        draining = true;
        var a = acceptor;
        clean &= Loops.tryOn(pool.name(), pool::execute, () -> pool.closeHere(a));
        pool.drainAll();
        clean &= Loops.awaitNone(pool::connectionCount, deadline);
        pool.shutdown();
        try {
            clean &= pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        return clean;
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        shutdown.await();
    }

    @Override
    public void close() {
        shutdown(grace);
    }
}
