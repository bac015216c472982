package io.shardloop.model.internal;

import io.shardloop.codec.Deferred;
import io.shardloop.codec.Exchange;
import io.shardloop.codec.Handler;
import io.shardloop.transport.internal.loop.Connection;
import io.shardloop.transport.internal.loop.MessageDispatcher;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the handler on the loop thread, during decode (loop models). One instance per loop: its exchange is
 * reused for every message, so an answered message makes no garbage. Thread contract: the loop thread.
 */
final class InlineDispatcher<I, O> implements MessageDispatcher<I, O>, Exchange<O> {
    private final Handler<I, O> handler;
    private Connection<I, O> current;
    private long currentSeq;
    private boolean deferred;

    InlineDispatcher(Handler<I, O> handler) {
        this.handler = handler;
    }

    @Override
    public void dispatch(Connection<I, O> connection, I message, long seq) {
        current = connection;
        currentSeq = seq;
        deferred = false;
        O reply;
        try {
            reply = handler.handle(message, this);
        } catch (Exception e) {
            connection.fail(seq, e);
            return;
        } finally {
            current = null;
        }
        if (reply != null) {
            connection.complete(seq, reply);
        } else if (!deferred) {
            connection.fail(seq, new IllegalStateException("handler returned null without defer()"));
        }
    }

    @Override
    public Deferred<O> defer() {
        if (current == null || deferred) {
            throw new IllegalStateException("defer() is allowed once, during handle()");
        }
        deferred = true;
        return new LoopDeferred<>(current, currentSeq);
    }

    /** Completes a deferred message where its connection is served (its loop, or its turn), from any thread, once. */
    static final class LoopDeferred<I, O> implements Deferred<O> {
        private final Connection<I, O> connection;
        private final long seq;
        private final AtomicBoolean done = new AtomicBoolean();

        LoopDeferred(Connection<I, O> connection, long seq) {
            this.connection = connection;
            this.seq = seq;
        }

        @Override
        public void complete(O reply) {
            if (done.compareAndSet(false, true)) {
                connection.execute(() -> connection.complete(seq, reply));
            }
        }

        @Override
        public void fail(Throwable cause) {
            if (done.compareAndSet(false, true)) {
                connection.execute(() -> connection.fail(seq, cause));
            }
        }
    }
}
