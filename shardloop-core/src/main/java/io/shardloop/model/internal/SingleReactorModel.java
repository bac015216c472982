package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.transport.internal.Transports;
import io.shardloop.transport.internal.loop.Acceptor;
import io.shardloop.transport.internal.loop.EventLoop;
import java.io.IOException;
import java.util.List;

/** {@code single-reactor}: one loop accepts, does all IO and runs the handler. */
public final class SingleReactorModel {
    private SingleReactorModel() {
    }

    public static <I, O> Server start(ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler) throws IOException {
        return startOneLoop(ModelKind.SINGLE_REACTOR, c, codecs, handler);
    }

    /** One loop that accepts and does IO; the handler runs inline or, for reactor-workers, on workers. */
    static <I, O> Server startOneLoop(ModelKind kind, ServerConfig c, CodecFactory<I, O> codecs,
                                      Handler<I, O> handler) throws IOException {
        return startOneLoop(kind, c, codecs, handler, "shardloop-loop-0", "loop");
    }

    /** The same, with the loop thread's name and stats role chosen by the caller (the admin listener's). */
    public static <I, O> Server startOneLoop(ModelKind kind, ServerConfig c, CodecFactory<I, O> codecs,
                                             Handler<I, O> handler, String loopName, String role) throws IOException {
        var t = c.transport();
        var wiring = new LoopModel<>(c, handler, kind.usesWorkers());
        try {
            var limit = wiring.limit(codecs);
            var io = Transports.of(c.transportKind());
            var loop = wiring.track(new EventLoop(loopName, role, t, io).start());
            var listener = wiring.closeOnFailure(io.listen(c.host(), c.port(), t.reusePort(), t));
            var conns = wiring.connections(loop, codecs, limit);
            var acceptor = new Acceptor(loop, listener, limit, conns::adopt);
            Loops.callOn(loop, acceptor::open);
            return new LoopServer(kind, io, listener.port(), List.of(loop), List.of(acceptor), List.of(conns),
                    wiring, c.shutdownGrace());
        } catch (IOException | RuntimeException e) {
            wiring.abandon();
            throw e;
        }
    }
}
