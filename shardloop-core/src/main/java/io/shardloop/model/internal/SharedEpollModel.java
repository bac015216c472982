package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.tls.TlsHandshake;
import io.shardloop.transport.TransportKind;
import io.shardloop.transport.internal.Transports;
import io.shardloop.transport.internal.epoll.EpollTransport;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.loop.ConnectionLimit;
import io.shardloop.transport.internal.sharedepoll.SharedEpollPool;
import java.io.IOException;

/**
 * {@code shared-epoll}: N threads wait on one epoll instance and any of them serves any ready connection
 * ({@code EPOLLONESHOT}, re-armed after each turn; {@code EPOLLEXCLUSIVE} on the listener): boost.asio's one
 * io_context run by a pool of threads. The handler runs on the thread that read the message.
 */
public final class SharedEpollModel {
    private SharedEpollModel() {
    }

    /** The one line a server that asks for it on java.nio gets. */
    public static final String NEEDS_EPOLL = "--model shared-epoll needs the epoll transport: java.nio's Selector cannot be"
            + " waited on by several threads";

    /** The one line a server that asks it to hand TLS handshakes to workers gets. */
    static final String NO_HANDSHAKE_WORKERS = "--model shared-epoll has no worker pool for --tls-handshake workers:"
            + " a handshake runs on the pool thread that serves its connection while the other threads serve the rest"
            + " (use --tls-handshake loop)";

    public static <I, O> Server start(ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler) throws IOException {
        if (c.transportKind() == TransportKind.NIO) {
            throw new UnsupportedOperationException(NEEDS_EPOLL);
        }
        var io = Transports.of(c.transportKind());
        if (io != EpollTransport.INSTANCE) {
            throw new UnsupportedOperationException(NEEDS_EPOLL + " (and epoll cannot run here)");
        }
        var t = c.transport();
        if (t.tls() != null && t.tls().handshake() == TlsHandshake.WORKERS) {
            throw new UnsupportedOperationException(NO_HANDSHAKE_WORKERS);
        }
        var limit = new ConnectionLimit(t.maxConnections(), () -> codecs.newCodec().overloadedReply());
        var listener = io.listen(c.host(), c.port(), t.reusePort(), t);
        SharedEpollPool pool;
        try {
            pool = new SharedEpollPool("shardloop-loop-", c.threads(), t);
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
        var server = new SharedEpollServer(pool, listener.port(), c.shutdownGrace(), t.tls());
        var acceptor = pool.acceptor(listener, limit, (StreamSocket s) -> {
            if (server.draining()) {
                s.close();
                limit.release();
            } else {
                pool.adopt(s, codecs.newCodec(), new InlineDispatcher<>(handler), limit);
            }
        });
        server.accepting(acceptor);
        pool.start();
        try {
            Loops.callOn(pool.name(), pool::execute, acceptor::open);
        } catch (RuntimeException e) {
            listener.close();
            pool.shutdown();
            throw e;
        }
        return server;
    }
}
