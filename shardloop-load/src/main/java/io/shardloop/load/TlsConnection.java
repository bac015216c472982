package io.shardloop.load;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;

/**
 * The TLS state of one connection slot: the engine of its current socket (a new one per socket), when its
 * handshake began, and the ciphertext that could not be used at once: the unfinished record of the last read, and
 * the records the socket would not take. Both buffers are made on first need and kept for the slot's later
 * sockets. Only its {@link ClientLoop}'s thread touches it.
 */
final class TlsConnection {

    /** Ciphertext kept between reads; a TLS record is at most 16 KiB plus its header and protection. */
    private static final int RECORD = 17 * 1024;

    SSLEngine engine;
    long handshakeStarted;
    /** The server closed with close_notify: an end of stream after it is clean, not a truncation. */
    boolean closeNotifyReceived;
    private ByteBuffer pendingIn;
    private ByteBuffer pendingOut;
    private MemorySegment pendingOutSegment;

    /** A new socket: a fresh engine, nothing pending. */
    void reset(SSLEngine fresh, long now) {
        engine = fresh;
        handshakeStarted = now;
        closeNotifyReceived = false;
        if (pendingIn != null) {
            pendingIn.clear().flip();
        }
        if (pendingOut != null) {
            pendingOut.clear().flip();
        }
    }

    /** The ciphertext to unwrap: {@code fresh} alone, or appended to what was left of the last read. */
    ByteBuffer input(ByteBuffer fresh) {
        if (pendingIn == null || !pendingIn.hasRemaining()) {
            return fresh;
        }
        pendingIn.compact();
        if (pendingIn.remaining() < fresh.remaining()) {
            var grown = ByteBuffer.allocate(pendingIn.position() + fresh.remaining() + RECORD);
            pendingIn.flip();
            grown.put(pendingIn);
            pendingIn = grown;
        }
        pendingIn.put(fresh).flip();
        return pendingIn;
    }

    /** Keeps what {@code src} has left (an unfinished record) for the next read. */
    void keep(ByteBuffer src) {
        if (src == pendingIn) {
            return; // its position already marks what is left
        }
        if (pendingIn == null || pendingIn.capacity() < src.remaining()) {
            pendingIn = ByteBuffer.allocate(Math.max(RECORD, src.remaining()));
        }
        pendingIn.clear();
        pendingIn.put(src).flip();
    }

    boolean hasPendingOut() {
        return pendingOut != null && pendingOut.hasRemaining();
    }

    /** Holds the ciphertext the socket did not take ({@code rest}, read mode); sent before anything else. */
    void holdOut(ByteBuffer rest) {
        int need = remainingOut() + rest.remaining();
        if (pendingOut == null || pendingOut.capacity() < need) {
            var grown = ByteBuffer.allocateDirect(Math.max(2 * RECORD, need));
            var segment = MemorySegment.ofBuffer(grown); // the whole buffer: made while position 0, limit capacity
            if (pendingOut != null) {
                grown.put(pendingOut);
            }
            pendingOut = grown.flip();
            pendingOutSegment = segment;
        }
        pendingOut.compact();
        pendingOut.put(rest).flip();
    }

    private int remainingOut() {
        return pendingOut == null ? 0 : pendingOut.remaining();
    }

    ByteBuffer pendingOut() {
        return pendingOut;
    }

    MemorySegment pendingOutSegment() {
        return pendingOutSegment;
    }
}
