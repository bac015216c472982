package io.shardloop.model.internal;

import io.shardloop.model.ModelKind;
import io.shardloop.stats.ServerStats;
import io.shardloop.transport.internal.Acceptor;
import io.shardloop.transport.internal.SharedEpollPool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code shared-epoll} server: one pool, one listener. Shuts down in order: stop accepting, drain the
 * connections through their turns, stop the pool. It has no {@code EventLoop}s ({@link #loopProbes()} is empty); its
 * threads' figures are in {@link #stats()}. Thread contract: any thread.
 */
final class SharedEpollServer extends RunningServer {
    private final SharedEpollPool pool;
    private volatile Acceptor acceptor;
    private volatile boolean draining;

    SharedEpollServer(SharedEpollPool pool, int port, Duration grace) {
        super(ModelKind.SHARED_EPOLL, port, grace);
        this.pool = pool;
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
        return new ServerStats(ModelKind.SHARED_EPOLL.cliName(), uptimeNanos(), ls, null, 0,
                pool.connectionCount(), messages, "epoll");
    }

    @Override
    boolean stop(long deadline) {
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
}
