package io.shardloop.transport.internal.loop;

/**
 * What a connection does with each decoded message: run the handler inline (loop models) or hand it to workers.
 * The model supplies it. Thread contract: called on the connection's loop thread, during decode; the message
 * may be a flyweight valid only during the call (take {@code connection.codec().detach(m)} to keep it).
 * The reply goes back through {@link Connection#complete} / {@link Connection#fail} on the loop thread.
 */
@FunctionalInterface
public interface MessageDispatcher<I, O> {

    void dispatch(Connection<I, O> connection, I message, long seq);
}
