package io.shardloop.transport.internal.loop;

/**
 * Where a {@link Connection} is in its life, as muduo's {@code TcpConnection::state_}. It only moves forward: from
 * {@link #OPEN} through one of the finishing states (which may give way to a later one) to {@link #CLOSED}. The
 * finishing states differ in how the FIN may leave and what follows it; all of them take no more messages, read
 * no more (except {@link #LINGERING}, which reads to drop) and close once the replies owed are written.
 */
enum ConnectionState {
    /** Reads, decodes and replies (reading may pause for backpressure, which is not a state: see Connection). */
    OPEN,
    /** Takes no more messages, finishes the replies owed, then closes. The peer may still be sending. */
    CLOSING,
    /** As {@link #CLOSING}, but the peer said it sends nothing more: the FIN may leave with the last reply. */
    CLOSING_PEER_DONE,
    /**
     * As {@link #CLOSING} after an error reply or unread bytes: the FIN leaves with the last reply and the connection
     * then lingers rather than close on bytes the peer is still sending (which would reset the reply away).
     */
    CLOSING_THEN_LINGER,
    /** The peer's FIN came: the replies owed are finished, the FIN leaves with the last of them, and it closes. */
    HALF_CLOSED,
    /** FIN sent: reads and drops what still arrives until the peer closes or the linger's bounds are reached. */
    LINGERING,
    CLOSED;

    /** Whether the connection waits for its replies owed to be written before it ends. */
    boolean finishing() {
        return this == CLOSING || this == CLOSING_PEER_DONE || this == CLOSING_THEN_LINGER || this == HALF_CLOSED;
    }

    /** Whether a write that empties the outbound bytes may carry the FIN (nothing the peer sends can reset it). */
    boolean finWithLastBytes() {
        return this == CLOSING_PEER_DONE || this == CLOSING_THEN_LINGER || this == HALF_CLOSED;
    }

    /** The state after the connection decides to take no more messages. */
    ConnectionState takeNoMore() {
        return this == OPEN ? CLOSING : this;
    }

    /** The state after the peer said (in its last message) that it sends nothing more. */
    ConnectionState peerSaidDone() {
        return this == OPEN || this == CLOSING ? CLOSING_PEER_DONE : this;
    }

    /** The state after an error reply or unread bytes make the close linger. */
    ConnectionState lingerAfterReplies() {
        return this == OPEN || this == CLOSING || this == CLOSING_PEER_DONE ? CLOSING_THEN_LINGER : this;
    }

    /** The state after the peer's FIN. */
    ConnectionState peerClosed() {
        return this == CLOSED || this == LINGERING ? this : HALF_CLOSED;
    }
}
