package io.shardloop.transport.internal.loop;

import io.shardloop.transport.internal.buffer.BufferPool;
import io.shardloop.transport.internal.buffer.TlsScratch;
import io.shardloop.transport.internal.io.StreamSocket;
import java.nio.ByteBuffer;

/**
 * The thread serving a {@link Connection} now, beyond what a {@link LoopHost} gives: its buffer pool, its shared
 * read buffer, its end-of-iteration flush, its connection counts. On the loop models it is the owning loop for
 * life; on {@code shared-epoll} the pool thread that holds the connection's {@code Turn}, turn by turn.
 * Thread contract: the serving thread only.
 */
public interface ConnectionHost extends LoopHost {

    BufferPool buffers();

    ByteBuffer sharedReadBuffer();

    /** Flushes {@code c} once the current batch of work is done (batches replies from tasks into one write). */
    void flushLater(Connection<?, ?> c);

    /** The buffers this thread's TLS connections share while it serves them. */
    TlsScratch tlsScratch(int packetSize, int applicationSize);

    /**
     * Whether new connections read before their first event, from how often that found the request lately; null
     * where they never do (shared-epoll: a connection's first read is its turn's).
     */
    ReadOnOpen readOnOpen();

    void connectionOpened();

    void connectionClosed();

    /** {@code socket}'s calls use this thread's native scratch from now on (epoll sockets; nio needs nothing). */
    void adopt(StreamSocket socket);
}
