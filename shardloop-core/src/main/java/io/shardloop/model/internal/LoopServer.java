package io.shardloop.model.internal;

import io.shardloop.exec.BusyProbe;
import io.shardloop.exec.WorkerExecutor;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.LoopStats;
import io.shardloop.stats.ServerStats;
import io.shardloop.transport.internal.io.Transport;
import io.shardloop.transport.internal.loop.Acceptor;
import io.shardloop.transport.internal.loop.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running server made of event loops (every loop model): the listeners, the loops that own connections,
 * and on worker models the executor. Shuts down in order: stop accepting, drain connections, stop workers,
 * stop loops. Thread contract: any thread.
 */
public final class LoopServer extends RunningServer {
    private final Transport transport;
    private final List<EventLoop> loops;
    private final List<Acceptor> acceptors;
    private final List<LoopConnections<?, ?>> owners;
    private final WorkerExecutor executor;
    private final LoopModel<?, ?> wiring;

    LoopServer(ModelKind model, Transport transport, int port, List<EventLoop> loops, List<Acceptor> acceptors,
               List<LoopConnections<?, ?>> owners, LoopModel<?, ?> wiring, Duration grace) {
        super(model, port, grace);
        this.transport = transport;
        this.loops = List.copyOf(loops);
        this.acceptors = List.copyOf(acceptors);
        this.owners = List.copyOf(owners);
        this.executor = wiring.executor();
        this.wiring = wiring;
    }

    @Override
    public String transport() {
        return transport.name();
    }

    /** The loops themselves, for tests that read their counters. */
    public List<EventLoop> loops() {
        return loops;
    }

    @Override
    public List<? extends BusyProbe> loopProbes() {
        return loops.stream().map(LoopProbe::new).toList();
    }

    @Override
    public List<? extends BusyProbe> workerProbes() {
        return executor == null ? List.of() : executor.busyProbes();
    }

    @Override
    public ServerStats stats() {
        var ls = new ArrayList<LoopStats>(loops.size());
        long active = 0;
        long messages = 0;
        for (var l : loops) {
            var s = l.stats();
            ls.add(s);
            active += s.connectionsActive();
            messages += s.messages();
        }
        return new ServerStats(model().cliName(), uptimeNanos(), List.copyOf(ls),
                executor == null ? null : executor.stats(), 0, active, messages, transport.name(),
                wiring.tls() == null ? null : wiring.tls().counters().snapshot(wiring.tls().handshake()));
    }

    @Override
    boolean stop(long deadline) {
        boolean clean = true;
        for (var a : acceptors) {
            clean &= stepOn(a.loop(), a::close, deadline, a.loop().name() + " did not close its listener");
        }
        for (var o : owners) {
            clean &= stepOn(o.loop(), o::drain, deadline, o.loop().name() + " did not start draining");
        }
        clean &= step(awaitDrained(deadline), "connections still open at the deadline");
        if (executor != null) {
            long left = Math.max(0, deadline - System.nanoTime());
            clean &= step(executor.shutdown(Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(100)))),
                    "workers still busy at the deadline");
        }
        clean &= step(wiring.stopHandshakeWorkers(Duration.ofMillis(100)), "handshake workers still busy");
        for (var l : loops) {
            l.shutdown();
        }
        for (var l : loops) {
            try {
                clean &= step(l.awaitTermination(5, TimeUnit.SECONDS), l.name() + " did not stop within 5 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                clean = false;
                break;
            }
        }
        return clean;
    }

    private boolean awaitDrained(long deadline) {
        return Loops.awaitNone(() -> {
            int open = 0;
            for (var l : loops) {
                open += l.connectionCount();
            }
            return open;
        }, deadline);
    }
}
