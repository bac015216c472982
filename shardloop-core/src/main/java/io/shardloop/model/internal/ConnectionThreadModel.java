package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.model.ServerConfig;
import io.shardloop.stats.ServerStats;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.blocking.BlockingConnection;
import io.shardloop.transport.internal.blocking.DeadlineReaper;
import io.shardloop.transport.internal.io.SpareDescriptor;
import io.shardloop.transport.internal.loop.ConnectionLimit;
import io.shardloop.transport.internal.nio.Listeners;
import io.shardloop.transport.internal.nio.NioTransport;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code thread-per-connection} and {@code virtual-threads}: one acceptor thread ({@code shardloop-accept})
 * blocks in accept and starts one thread per connection ({@code shardloop-conn-N}, platform or virtual) that
 * reads, runs the handler and writes with blocking IO; one {@code shardloop-reaper} thread enforces the read deadlines.
 * Thread contract: any thread.
 */
public final class ConnectionThreadModel<I, O> extends RunningServer {
    private static final System.Logger LOG = System.getLogger(ConnectionThreadModel.class.getName());

    private final ServerSocketChannel listener;
    private final CodecFactory<I, O> codecs;
    private final Handler<I, O> handler;
    private final TransportConfig config;
    private final ThreadFactory connectionThreads;
    private final ConnectionLimit limit;
    private final Set<BlockingConnection<I, O>> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong threadsCreated = new AtomicLong();
    private final LongAdder messages = new LongAdder();
    private final Thread acceptor;
    private final DeadlineReaper reaper;

    private ConnectionThreadModel(ModelKind kind, ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler)
            throws IOException {
        if (c.transport().deferAccept()) {
            throw new UnsupportedOperationException("--defer-accept needs an event-loop model on the epoll transport ("
                    + kind.cliName() + " accepts through java.nio, which cannot set TCP_DEFER_ACCEPT)");
        }
        var listener = Listeners.open(c.host(), c.port(), c.transport().reusePort(), c.transport().backlog());
        super(kind, Listeners.port(listener), c.shutdownGrace());
        this.listener = listener;
        this.codecs = codecs;
        this.handler = handler;
        this.config = c.transport();
        // on a TLS port a plaintext 503 is garbage to the client: refused connections just close
        this.limit = new ConnectionLimit(config.maxConnections(),
                config.tls() != null ? () -> null : () -> codecs.newCodec().overloadedReply());
        this.connectionThreads = kind == ModelKind.VIRTUAL_THREADS
                ? Thread.ofVirtual().name("shardloop-conn-", 0).factory()
                : Thread.ofPlatform().name("shardloop-conn-", 0).factory();
        this.acceptor = Thread.ofPlatform().name("shardloop-accept").unstarted(this::acceptLoop);
        this.reaper = DeadlineReaper.start(config, open); // last: nothing after it can throw
    }

    public static <I, O> Server start(ModelKind kind, ServerConfig c, CodecFactory<I, O> codecs, Handler<I, O> handler)
            throws IOException {
        var s = new ConnectionThreadModel<>(kind, c, codecs, handler);
        s.acceptor.start();
        return s;
    }

    private void acceptLoop() {
        var shedFrom = NioTransport.listener(listener);
        try (var spare = new SpareDescriptor()) {
            while (true) {
                SocketChannel ch;
                try {
                    ch = listener.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (!listener.isOpen()) {
                        return;
                    }
                    if (SpareDescriptor.isOutOfDescriptors(e)) {
                        spare.shed(shedFrom);
                    }
                    backOff();
                    continue;
                } catch (RuntimeException | LinkageError e) {
                    // the acceptor must outlive one bad accept, or the server stays up and answers nobody
                    LOG.log(System.Logger.Level.WARNING, "accept failed; backing off", e);
                    backOff();
                    continue;
                }
                if (!limit.tryAcquire()) {
                    reject(ch);
                    continue;
                }
                startConnection(ch);
            }
        }
    }

    private void startConnection(SocketChannel ch) {
        var holder = new BlockingConnection<?, ?>[1];
        @SuppressWarnings("unchecked")
        Runnable onClose = () -> {
            open.remove((BlockingConnection<I, O>) holder[0]);
            limit.release();
        };
        var conn = new BlockingConnection<>(ch, codecs.newCodec(), handler, config, messages, onClose);
        holder[0] = conn;
        open.add(conn);
        if (shuttingDown()) {
            conn.stopReading();
        }
        try {
            connectionThreads.newThread(conn).start();
            threadsCreated.incrementAndGet();
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(System.Logger.Level.WARNING, "cannot start a connection thread; closing the connection", e);
            conn.abort();
            onClose.run();
        }
    }

    private void reject(SocketChannel ch) {
        try {
            limit.reject(NioTransport.socket(ch));
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // gone anyway
            }
        }
    }

    private static void backOff() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ServerStats stats() {
        return new ServerStats(model().cliName(), uptimeNanos(), List.of(), null,
                threadsCreated.get(), open.size(), messages.sum(), transport(),
                config.tls() == null ? null : config.tls().counters().snapshot(config.tls().handshake()));
    }

    /** Blocking java.nio channels: a thread per connection waits in read, so there is no loop to put on epoll. */
    @Override
    public String transport() {
        return NioTransport.INSTANCE.name();
    }

    @Override
    boolean stop(long deadline) {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed anyway
        }
        boolean clean = true;
        try {
            acceptor.join(5_000);
            for (var c : open) {
                c.stopReading();
            }
            while (!open.isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(2);
            }
            if (!open.isEmpty()) {
                clean = step(false, open.size() + " connections still open at the deadline");
                for (var c : open) {
                    c.abort();
                }
                long forced = System.nanoTime() + 5_000_000_000L;
                while (!open.isEmpty() && System.nanoTime() - forced < 0) {
                    Thread.sleep(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        if (reaper != null) {
            reaper.close();
        }
        return clean;
    }
}
