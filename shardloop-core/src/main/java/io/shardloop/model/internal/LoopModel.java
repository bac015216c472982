package io.shardloop.model.internal;

import io.shardloop.codec.CodecFactory;
import io.shardloop.codec.Handler;
import io.shardloop.exec.ExecutorConfig;
import io.shardloop.exec.ExecutorKind;
import io.shardloop.exec.InlineDecider;
import io.shardloop.exec.WorkerExecutor;
import io.shardloop.exec.WorkerExecutors;
import io.shardloop.model.ServerConfig;
import io.shardloop.tls.TlsConfig;
import io.shardloop.tls.TlsHandshake;
import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.loop.ConnectionLimit;
import io.shardloop.transport.internal.loop.EventLoop;
import io.shardloop.transport.internal.loop.MessageDispatcher;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What the loop models share while they wire themselves: the dispatcher per loop (inline or workers) and a
 * list of things to undo if start-up fails. Thread contract: the starting thread only.
 */
final class LoopModel<I, O> {
    private final Handler<I, O> handler;
    private final WorkerExecutor executor;
    private final InlineDecider inline;
    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Closeable> closeOnFailure = new ArrayList<>();
    private final TransportConfig transport;
    /** Where {@code --tls-handshake workers} runs handshake tasks on a model without workers, or null. */
    private final WorkerExecutor handshakeWorkers;

    LoopModel(ServerConfig config, Handler<I, O> handler, boolean workers) {
        this.handler = handler;
        this.transport = config.transport();
        this.executor = workers ? WorkerExecutors.create(config.executor(),
                ExecutorConfig.defaults(config.workers(), "shardloop-worker-").withQueueCapacity(config.workerQueue())) : null;
        this.inline = workers ? new InlineDecider(executor, config.inline()) : null;
        var tls = transport.tls();
        this.handshakeWorkers = tls != null && tls.handshake() == TlsHandshake.WORKERS && executor == null
                ? WorkerExecutors.create(ExecutorKind.GLOBAL_QUEUE,
                        ExecutorConfig.defaults(config.workers(), "shardloop-tls-"))
                : null;
    }

    WorkerExecutor executor() {
        return executor;
    }

    /** The TLS options of every connection, or null for plaintext. */
    TlsConfig tls() {
        return transport.tls();
    }

    /** The server's connection budget; over it, a plaintext server sends the codec's overloaded reply (503). */
    ConnectionLimit limit(CodecFactory<I, O> codecs) {
        // on a TLS port a plaintext reply is garbage to the client: refused connections just close
        return new ConnectionLimit(transport.maxConnections(),
                transport.tls() != null ? () -> null : () -> codecs.newCodec().overloadedReply());
    }

    /** The owner of {@code loop}'s connections, with its dispatcher and where its handshake tasks run. */
    LoopConnections<I, O> connections(EventLoop loop, CodecFactory<I, O> codecs, ConnectionLimit limit) {
        Executor tasks = handshakeWorkers != null ? handshakeWorkers : executor;
        return new LoopConnections<>(loop, codecs, dispatcher(), transport, limit, tasks);
    }

    /** Stops the handshake pool (after the loops' connections are gone). */
    boolean stopHandshakeWorkers(Duration grace) {
        return handshakeWorkers == null || handshakeWorkers.shutdown(grace);
    }

    /** A dispatcher for one loop: its own inline one (loop models) or the shared worker hand-off. */
    MessageDispatcher<I, O> dispatcher() {
        return executor == null ? new InlineDispatcher<>(handler) : new WorkerDispatcher<>(handler, inline);
    }

    <T extends EventLoop> T track(T loop) {
        loops.add(loop);
        return loop;
    }

    List<EventLoop> track(List<EventLoop> ls) {
        loops.addAll(ls);
        return ls;
    }

    <C extends Closeable> C closeOnFailure(C c) {
        closeOnFailure.add(c);
        return c;
    }

    /** Undoes a failed start: closes listeners, stops loops and workers. */
    void abandon() {
        for (var c : closeOnFailure) {
            try {
                c.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        Loops.stopAll(loops);
        if (executor != null) {
            executor.shutdown(Duration.ZERO);
        }
        stopHandshakeWorkers(Duration.ZERO);
    }
}
