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

    enum State {
        IDLE, CONNECTING, HANDSHAKING, OPEN, BACKOFF;

        /** Connected, with or without its TLS handshake finished: its socket's readiness is acted on. */
        boolean connected() {
            return this == HANDSHAKING || this == OPEN;
        }
    }

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
    /** https: the engine and buffers of the current socket's TLS; null for plain connections. */
    final TlsConnection tls;
    /** Counts the sockets this slot has had; readiness reported for an older one is stale. */
    int generation;
    State state = State.IDLE;
    long connectStarted;
    long retryAt;
    /** Requests decided while a write was still in progress; written when it finishes. */
    int queued;
    boolean writing;

    /** Rate mode: when this connection's schedule starts, requests sent on it so far, and the next intended time. */
    long scheduleStart;
    long scheduled;
    long nextIntended;
    /** Where this connection sits in its loop's {@link SendSchedule}, -1 when not waiting there. */
    int schedulePos = -1;

    ClientConnection(int index, ResponseParser parser, int depth, ByteBuffer out) {
        this(index, parser, depth, out, false);
    }

    ClientConnection(int index, ResponseParser parser, int depth, ByteBuffer out, boolean tls) {
        this.index = index;
        this.tls = tls ? new TlsConnection() : null;
        this.parser = parser;
        this.inFlight = new InFlight(depth);
        this.out = out;
        this.outSegment = MemorySegment.ofBuffer(out);
    }
}
