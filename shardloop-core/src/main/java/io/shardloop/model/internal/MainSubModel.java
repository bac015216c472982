package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.transport.internal.Transports;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.loop.Acceptor;
import io.shardloop.transport.internal.loop.EventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code main-sub}: the main loop ({@code shardloop-main}) only accepts and hands each connection round-robin
 * to one of N sub-loops ({@code shardloop-loop-N}), which does its IO and runs the handler for life.
 * {@code main-sub-workers} is the same with handlers on a worker pool.
 */
public final class MainSubModel {
    private MainSubModel() {
    }

    public static <I, O> Server start(ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler) throws IOException {
        return start(ModelKind.MAIN_SUB, c, codecs, handler);
    }

    static <I, O> Server start(ModelKind kind, ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler)
            throws IOException {
        var t = c.transport();
        var wiring = new LoopModel<>(c, handler, kind.usesWorkers());
        try {
            var limit = wiring.limit(codecs);
            var io = Transports.of(c.transportKind());
            var main = wiring.track(new EventLoop("shardloop-main", "main", t, io).start());
            var subs = wiring.track(Loops.start("shardloop-loop-", "sub", c.threads(), t, io));
            var owners = new ArrayList<LoopConnections<?, ?>>();
            var targets = new ArrayList<LoopConnections<I, O>>();
            for (var sub : subs) {
                var lc = wiring.connections(sub, codecs, limit);
                owners.add(lc);
                targets.add(lc);
            }
            var listener = wiring.closeOnFailure(io.listen(c.host(), c.port(), t.reusePort(), t));
            Acceptor.Sink choice = switch (c.subLoopChoice()) {
                case ROUND_ROBIN -> new RoundRobin<>(main, targets);
                case LEAST_CONNECTIONS -> new LeastConnections<>(main, targets);
            };
            var acceptor = new Acceptor(main, listener, limit, choice);
            Loops.callOn(main, acceptor::open);
            var all = new ArrayList<EventLoop>();
            all.add(main);
            all.addAll(subs);
            return new LoopServer(kind, io, listener.port(), all, List.of(acceptor), owners, wiring,
                    c.shutdownGrace());
        } catch (IOException | RuntimeException e) {
            wiring.abandon();
            throw e;
        }
    }

    /**
     * Hands each accepted socket to the sub-loop with the fewest connections (owned or on their way); ties go to
     * the next loop in turn, so that equal loops still share a burst. Thread contract: the main loop's thread.
     */
    private static final class LeastConnections<I, O> implements Acceptor.Sink {
        private final EventLoop main;
        private final List<LoopConnections<I, O>> targets;
        private int start;

        LeastConnections(EventLoop main, List<LoopConnections<I, O>> targets) {
            this.main = main;
            this.targets = List.copyOf(targets);
        }

        @Override
        public void accepted(StreamSocket socket) {
            int n = targets.size();
            LoopConnections<I, O> best = null;
            int bestLoad = Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                var t = targets.get((start + i) % n);
                int load = t.load();
                if (load < bestLoad) {
                    best = t;
                    bestLoad = load;
                }
            }
            start = start + 1 == n ? 0 : start + 1;
            best.handOff(socket, main);
        }
    }

    /** Hands accepted channels to the sub-loops in turn. Thread contract: the main loop's thread. */
    private static final class RoundRobin<I, O> implements Acceptor.Sink {
        private final EventLoop main;
        private final List<LoopConnections<I, O>> targets;
        private int next;

        RoundRobin(EventLoop main, List<LoopConnections<I, O>> targets) {
            this.main = main;
            this.targets = List.copyOf(targets);
        }

        @Override
        public void accepted(StreamSocket channel) {
            var target = targets.get(next);
            next = next + 1 == targets.size() ? 0 : next + 1;
            target.handOff(channel, main);
        }
    }
}
