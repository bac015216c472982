package io.shardloop.model;

import io.shardloop.codec.Handler;
import io.shardloop.exec.ExecutorConfig;
import io.shardloop.exec.InlineDecider;
import io.shardloop.exec.WorkerExecutor;
import io.shardloop.exec.WorkerExecutors;
import io.shardloop.transport.EventLoop;
import io.shardloop.transport.MessageDispatcher;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

    LoopModel(ServerConfig config, Handler<I, O> handler, boolean workers) {
        this.handler = handler;
        this.executor = workers ? WorkerExecutors.create(config.executor(),
                ExecutorConfig.defaults(config.workers(), "shardloop-worker-").withQueueCapacity(config.workerQueue())) : null;
        this.inline = workers ? new InlineDecider(executor, config.inline()) : null;
    }

    WorkerExecutor executor() {
        return executor;
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
            executor.shutdown(java.time.Duration.ZERO);
        }
    }
}
