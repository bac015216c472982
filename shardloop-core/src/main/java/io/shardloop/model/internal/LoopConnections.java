package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.io.SocketAdopter;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.loop.Connection;
import io.shardloop.transport.internal.loop.ConnectionLimit;
import io.shardloop.transport.internal.loop.EventLoop;
import io.shardloop.transport.internal.loop.MessageDispatcher;
import io.shardloop.transport.internal.tls.TlsSocket;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns accepted sockets into connections on one loop, and drains them at shutdown.
 * Thread contract: {@link #handOff} on the handing loop's thread; the rest on this loop's thread.
 */
final class LoopConnections<I, O> {
    private final EventLoop loop;
    private final CodecFactory<I, O> codecs;
    private final MessageDispatcher<I, O> dispatcher;
    private final TransportConfig config;
    private final ConnectionLimit limit;
    /** Where a TLS handshake's tasks run in {@code workers} mode (null: on the loop). */
    private final Executor handshakeTasks;
    /** Handed off by the main loop and not yet adopted here: counted so that a burst of accepts sees them. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final SocketAdopter arrivals = new SocketAdopter() {
        @Override
        public void adopt(StreamSocket socket) {
            inFlight.decrementAndGet();
            LoopConnections.this.adopt(socket);
        }

        @Override
        public void drop(StreamSocket socket) {
            inFlight.decrementAndGet();
            socket.close();
            limit.release();
        }
    };
    private boolean draining;

    LoopConnections(EventLoop loop, CodecFactory<I, O> codecs, MessageDispatcher<I, O> dispatcher,
                    TransportConfig config, ConnectionLimit limit, Executor handshakeTasks) {
        this.handshakeTasks = handshakeTasks;
        this.loop = loop;
        this.codecs = codecs;
        this.dispatcher = dispatcher;
        this.config = config;
        this.limit = limit;
    }

    EventLoop loop() {
        return loop;
    }

    /** Adopts {@code ch} as a connection of this loop; the caller is this loop's thread. */
    void adopt(StreamSocket ch) {
        loop.assertInLoop();
        if (draining) {
            ch.close();
            limit.release();
            return;
        }
        var socket = config.tls() == null ? ch : TlsSocket.server(ch, loop, config.tls(), handshakeTasks);
        if (socket == null) { // the engine did not start
            limit.release();
            ch.close();
            return;
        }
        new Connection<>(loop, socket, codecs.newCodec(), dispatcher, config, limit).open();
    }

    /** Connections this loop owns or is about to adopt; any thread. */
    int load() {
        return loop.connectionCount() + inFlight.get();
    }

    /**
     * Passes {@code ch} to this loop from loop {@code from} (main-sub's hand-off, {@link EventLoop#handOff}): on epoll
     * this loop is woken by the socket's own first event, otherwise once after {@code from}'s batch of accepts, not
     * once per socket. {@code from}'s thread.
     */
    void handOff(StreamSocket ch, EventLoop from) {
        if (loop.isStopped()) {
            ch.close();
            limit.release();
            return;
        }
        inFlight.incrementAndGet();
        loop.handOff(ch, arrivals, from);
    }

    /** Stops adopting and drains every connection (finish replies owed, then close). Loop thread. */
    void drain() {
        loop.assertInLoop();
        draining = true;
        loop.adoptHandOffs(); // handed in, no event yet: closed as the draining loop adopts them
        for (var h : loop.handles()) {
            if (h instanceof Connection<?, ?> c) {
                c.drain();
            }
        }
    }
}
