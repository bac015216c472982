package io.shardloop.model.internal;

import io.shardloop.codec.Deferred;
import io.shardloop.codec.Exchange;
import io.shardloop.codec.Handler;
import io.shardloop.exec.InlineDecider;
import io.shardloop.exec.InlinePolicy;
import io.shardloop.exec.WorkerExecutor;
import io.shardloop.transport.internal.loop.Connection;
import io.shardloop.transport.internal.loop.MessageDispatcher;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands each message (detached from the read buffer) to a worker; the reply comes back to the connection's
 * loop through {@code connection.executeLater} and leaves in message order (the connection parks early finishers).
 * The {@link InlinePolicy} may instead run a call right here on the loop (workers busy, or the handler marked
 * non-blocking); its reply takes the same road back, so ordering is unchanged.
 * Thread contract: {@link #dispatch} on the loop thread; calls run on workers (or inline on the loop).
 */
final class WorkerDispatcher<I, O> implements MessageDispatcher<I, O> {
    private final Handler<I, O> handler;
    private final WorkerExecutor executor;
    private final InlineDecider inline;
    private final boolean handlerNonBlocking;

    WorkerDispatcher(Handler<I, O> handler, InlineDecider inline) {
        this.handler = handler;
        this.executor = inline.executor();
        this.inline = inline;
        this.handlerNonBlocking = handler.nonBlocking();
    }

    @Override
    public void dispatch(Connection<I, O> connection, I message, long seq) {
        if (inline.choose(handlerNonBlocking) != InlineDecider.Path.OFFLOADED) {
            new Call<>(connection, seq, message, handler).run(); // during decode: no detach needed
            return;
        }
        var call = new Call<>(connection, seq, connection.codec().detach(message), handler);
        try {
            executor.execute(call);
        } catch (RejectedExecutionException e) {
            connection.fail(seq, e);
        }
    }

    /**
     * One message's trip: runs the handler on a worker, then (same object, second run) delivers the reply on
     * the loop, so a message costs one allocation here, not three.
     */
    static final class Call<I, O> implements Runnable, Exchange<O>, Deferred<O> {
        private static final int NEW = 0;
        private static final int DEFERRED = 1;
        private static final int DONE = 2;

        private final Connection<I, O> connection;
        private final long seq;
        private final Handler<I, O> handler;
        private final AtomicInteger state = new AtomicInteger(NEW);
        private I message;
        private volatile boolean onLoop;
        private O reply;
        private Throwable failure;

        Call(Connection<I, O> connection, long seq, I message, Handler<I, O> handler) {
            this.connection = connection;
            this.seq = seq;
            this.message = message;
            this.handler = handler;
        }

        @Override
        public void run() {
            if (onLoop) {
                if (failure != null) {
                    connection.fail(seq, failure);
                } else {
                    connection.complete(seq, reply);
                }
                return;
            }
            var m = message;
            message = null;
            O r;
            try {
                r = handler.handle(m, this);
            } catch (Exception e) {
                finish(null, e);
                return;
            }
            if (r != null) {
                finish(r, null);
            } else if (state.get() == NEW) {
                finish(null, new IllegalStateException("handler returned null without defer()"));
            }
        }

        @Override
        public Deferred<O> defer() {
            if (!state.compareAndSet(NEW, DEFERRED)) {
                throw new IllegalStateException("defer() is allowed once, during handle()");
            }
            return this;
        }

        @Override
        public void complete(O r) {
            finish(r, null);
        }

        @Override
        public void fail(Throwable cause) {
            finish(null, cause);
        }

        private void finish(O r, Throwable cause) {
            int s = state.get();
            if (s == DONE || !state.compareAndSet(s, DONE)) {
                return;
            }
            reply = r;
            failure = cause;
            onLoop = true;
            connection.executeLater(this);
        }
    }
}
