package io.shardloop.codec;

/**
 * Application logic: one inbound message to one reply. The threading model decides which thread calls it
 * (the loop, a worker, or the connection's own thread); the handler is the same under every model.
 *
 * <p>Thread contract: may be called concurrently for different connections; for one connection, calls come
 * in message order but, on worker models, possibly on different threads at once. Replies still leave in
 * message order (the model reorders).
 */
@FunctionalInterface
public interface Handler<I, O> {

    /**
     * Returns the reply, or null after calling {@code exchange.defer()} exactly once to answer later.
     * Throwing closes the connection (protocols that can answer errors, like HTTP, catch first).
     */
    O handle(I message, Exchange<O> exchange) throws Exception;

    /**
     * True if {@link #handle} never blocks and is short, so that a worker model may run it on the loop thread
     * (see io.shardloop.exec.InlinePolicy). False by default; {@link #nonBlocking(Handler)} marks a lambda.
     */
    default boolean nonBlocking() {
        return false;
    }

    /** {@code handler}, marked non-blocking. */
    static <I, O> Handler<I, O> nonBlocking(Handler<I, O> handler) {
        return new Handler<>() {
            @Override
            public O handle(I message, Exchange<O> exchange) throws Exception {
                return handler.handle(message, exchange);
            }

            @Override
            public boolean nonBlocking() {
                return true;
            }
        };
    }
}
