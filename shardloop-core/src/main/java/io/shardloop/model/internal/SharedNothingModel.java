package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.ModelKind;
import io.shardloop.model.ReuseportBalance;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.transport.internal.Transports;
import io.shardloop.transport.internal.io.ListenSocket;
import io.shardloop.transport.internal.loop.Acceptor;
import java.io.IOException;
import java.util.ArrayList;

/**
 * {@code shared-nothing}: N loops, each with its own SO_REUSEPORT listener on the same port; the kernel spreads
 * connections over them, nothing is handed between loops. Per-loop counts show how even the kernel's hash is.
 */
public final class SharedNothingModel {
    private SharedNothingModel() {
    }

    public static <I, O> Server start(ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler) throws IOException {
        var t = c.transport();
        var wiring = new LoopModel<>(c, handler, false);
        try {
            var limit = wiring.limit(codecs);
            var io = Transports.of(c.transportKind());
            var loops = wiring.track(Loops.start("shardloop-loop-", "loop", c.threads(), t, io));
            var acceptors = new ArrayList<Acceptor>();
            var listeners = new ArrayList<ListenSocket>();
            var owners = new ArrayList<LoopConnections<?, ?>>();
            int port = c.port();
            for (var loop : loops) {
                var listener = wiring.closeOnFailure(io.listen(c.host(), port, true, t));
                port = listener.port();
                listeners.add(listener);
                var lc = wiring.connections(loop, codecs, limit);
                owners.add(lc);
                acceptors.add(new Acceptor(loop, listener, limit, lc::adopt));
            }
            if (c.reuseportBalance() == ReuseportBalance.CPU) {
                listeners.getFirst().balanceByCpu(listeners.size());
            }
            for (var a : acceptors) {
                Loops.callOn(a.loop(), a::open);
            }
            return new LoopServer(ModelKind.SHARED_NOTHING, io, port, loops, acceptors, owners, wiring, c.shutdownGrace());
        } catch (IOException | RuntimeException e) {
            wiring.abandon();
            throw e;
        }
    }
}
