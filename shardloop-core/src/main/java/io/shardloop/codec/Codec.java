package io.shardloop.codec;

import java.nio.ByteBuffer;

/**
 * A pure protocol codec: bytes in to messages out, messages in to bytes out. No threads, no sockets.
 *
 * <p>Thread contract: one instance per connection, created by a {@link CodecFactory}; it is driven by one
 * thread at a time (the connection's loop, or its connection thread), never concurrently. {@link #decode}
 * and {@link #encode} may be called from different threads over time only with a happens-before edge between
 * them (the transport's task queue provides it).
 *
 * @param <I> inbound message (a request)
 * @param <O> outbound message (a reply)
 */
public interface Codec<I, O> {

    /**
     * Decodes every complete message in {@code in} (position..limit) and hands each to {@code out}, in order.
     * Consumes the bytes of the messages it emits (and of any part it has buffered itself); bytes of an
     * incomplete message are either left in {@code in} or kept by the codec. The message handed to
     * {@code out} may be a flyweight that is valid only during the call: a consumer that keeps it past the
     * call (hands it to another thread) must take {@link #detach} of it.
     *
     * @throws CodecException on malformed input; its {@link CodecException#reply()} (if any) is sent after
     *         the replies already owed on this connection, then the connection closes
     */
    void decode(ByteBuffer in, DecodeSink<I> out) throws CodecException;

    /** Writes the bytes of {@code reply} to {@code out}. */
    void encode(O reply, ByteSink out);

    /** Whether the connection must close once {@code reply} is written (e.g. HTTP {@code Connection: close}). */
    default boolean closeAfter(O reply) {
        return false;
    }

    /**
     * Whether the peer said that it sends nothing after the message {@code reply} answers (HTTP: a request without
     * keep-alive), so that the close after {@code reply} ({@link #closeAfter} is true too) cannot find unread bytes
     * and turn into a reset. The transport may then send the reply's last bytes and the FIN in one segment; after a
     * close the peer did not ask for, it sends them apart, so that a request already on its way cannot cost the
     * reply.
     */
    default boolean peerSendsNoMore(O reply) {
        return false;
    }

    /** An owned copy of {@code message} that stays valid after {@link #decode} returns (for hand-off). */
    default I detach(I message) {
        return message;
    }

    /** Whether the codec holds part of a message not yet complete (the transport times these out). */
    default boolean hasPartialMessage() {
        return false;
    }

    /**
     * The bytes to send before closing a connection whose partial message outlived its deadline
     * (HTTP: 408), or null to close silently.
     */
    default ByteBuffer partialMessageTimeoutReply() {
        return null;
    }

    /**
     * The bytes to send before closing a connection the server cannot serve now: over the connection limit, or
     * a message the worker pool refused (HTTP: 503). Null closes silently.
     */
    default ByteBuffer overloadedReply() {
        return null;
    }
}
