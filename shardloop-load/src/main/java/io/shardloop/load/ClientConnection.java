package io.shardloop.load;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection slot: its socket (replaced on reconnect), parser, outstanding requests and write progress,
 * and in rate mode its own send schedule. Plain state; only its {@link ClientLoop}'s thread touches it.
 */
final class ClientConnection {

    enum State { IDLE, CONNECTING, OPEN, BACKOFF }

    final int index;
    final ResponseParser parser;
    final InFlight inFlight;
    /** A view of the loop's pre-encoded request block; only position and limit change. */
    final ByteBuffer out;
    /** The same block as native memory, for {@link EpollClientIo}. */
    final MemorySegment outSegment;

    /** The socket: a channel and its key ({@link NioClientIo}) or a descriptor ({@link EpollClientIo}). */
    SocketChannel channel;
    SelectionKey key;
    int fd = -1;
    boolean connectFailed;
    /** Counts the sockets this slot has had; readiness reported for an older one is stale. */
    int generation;
    State state = State.IDLE;
    long connectStarted;
    long retryAt;
    /** Requests decided while a write was still in progress; written when it finishes. */
    int queued;
    boolean writing;
    /** With a request mix: the next request of the mix's sequence ({@link EncodedMix}). */
    int mixCursor;

    /** Rate mode: when this connection's schedule starts, requests sent on it so far, and the next intended time. */
    long scheduleStart;
    long scheduled;
    long nextIntended;

    ClientConnection(int index, ResponseParser parser, int depth, ByteBuffer out) {
        this.index = index;
        this.parser = parser;
        this.inFlight = new InFlight(depth);
        this.out = out;
        this.outSegment = MemorySegment.ofBuffer(out);
    }
}
