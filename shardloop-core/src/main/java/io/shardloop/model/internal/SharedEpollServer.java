package io.shardloop.model.internal;

import io.shardloop.exec.BusyProbe;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.ServerStats;
import io.shardloop.tls.TlsConfig;
import io.shardloop.transport.internal.loop.Acceptor;
import io.shardloop.transport.internal.sharedepoll.SharedEpollPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A running {@code shared-epoll} server: one pool, one listener. Shuts down in order: stop accepting, drain the
 * connections through their turns, stop the pool. It has no {@code EventLoop}s; its threads' figures are in
 * {@link #stats()} and the stall watchdog watches them through {@link #loopProbes()}. Thread contract: any thread.
 */
final class SharedEpollServer extends RunningServer {
    private final SharedEpollPool pool;
    /** Null: plaintext. */
    private final TlsConfig tls;
    private volatile Acceptor acceptor;
    private volatile boolean draining;

    SharedEpollServer(SharedEpollPool pool, int port, Duration grace, TlsConfig tls) {
        super(ModelKind.SHARED_EPOLL, port, grace);
        this.pool = pool;
        this.tls = tls;
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
    public List<? extends BusyProbe> loopProbes() {
        var threads = pool.threads();
        return IntStream.range(0, threads.size())
                .mapToObj(i -> new LoopProbe(threads.get(i), () -> pool.busySinceNanos(i))).toList();
    }

    @Override
    public ServerStats stats() {
        var ls = pool.stats();
        long messages = 0;
        for (var s : ls) {
            messages += s.messages();
        }
        return new ServerStats(ModelKind.SHARED_EPOLL.cliName(), uptimeNanos(), ls, null, 0,
                pool.connectionCount(), messages, "epoll", tls == null ? null : tls.counters().snapshot(tls.handshake()));
    }

    @Override
    boolean stop(long deadline) {
        boolean clean = true;
        draining = true;
        var a = acceptor;
        clean &= stepOn(pool.name(), pool::execute, () -> pool.closeHere(a), deadline,
                "the pool did not close its listener");
        pool.drainAll();
        clean &= step(Loops.awaitNone(pool::connectionCount, deadline), "connections still open at the deadline");
        pool.shutdown();
        try {
            clean &= step(pool.awaitTermination(5, TimeUnit.SECONDS), "the pool did not stop within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        return clean;
    }
}
