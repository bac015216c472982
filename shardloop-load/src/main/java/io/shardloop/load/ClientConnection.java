package io.shardloop.load;

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

    SocketChannel channel;
    SelectionKey key;
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

    ClientConnection(int index, ResponseParser parser, int depth, ByteBuffer out) {
        this.index = index;
        this.parser = parser;
        this.inFlight = new InFlight(depth);
        this.out = out;
    }
}
