package io.shardloop.transport.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connected, non-blocking TCP socket: the only socket operations a {@code Connection} needs, so that the
 * connection knows nothing of java.nio channels or file descriptors. Buffers are the caller's (pooled direct
 * buffers on the hot path); each call is one system call.
 * Thread contract: the owning loop's thread only (the accepting thread until it is handed over).
 */
public interface StreamSocket extends Pollable, Closeable {

    /** Reads into {@code dst} from its position; returns bytes read, 0 when nothing is there, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes {@code src} from its position (advanced); returns bytes written, 0 when the socket is full. */
    int write(ByteBuffer src) throws IOException;

    /**
     * Writes {@code src} as {@link #write(ByteBuffer)} does, when the caller sends FIN (close or shutdown) as soon as
     * it is all written: a socket may hold the tail back so that it leaves in one segment with the FIN.
     */
    default int writeBeforeFin(ByteBuffer src) throws IOException {
        return write(src);
    }

    /** One gathering write of {@code srcs[offset .. offset+length)} (positions advanced); returns bytes written. */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Sends FIN; reading stays open. */
    void shutdownOutput() throws IOException;

    /** Makes the coming {@link #close()} send a reset (SO_LINGER 0) instead of FIN. Never throws. */
    void resetOnClose();

    /** What the loop's driver waits on: this socket, or the one under a layer (TLS). */
    default Pollable pollable() {
        return this;
    }

    /*
     * A layer between the connection and the kernel (TLS, see TlsSocket) holds bytes of its own and may need work
     * elsewhere; a plain socket holds nothing, and the defaults say so.
     */

    /** Input held above the kernel (decrypted, or whole records not yet decrypted): readable with no event. */
    default boolean hasBufferedInput() {
        return false;
    }

    /** Output held above the kernel: the connection keeps write interest and does not close until it is gone. */
    default boolean hasPendingOutput() {
        return false;
    }

    /** The bytes of that output (a TLS layer's records not yet taken by the kernel), counted by the watermarks. */
    default int pendingOutputBytes() {
        return 0;
    }

    /**
     * Whether a connection should try one read as soon as it opens, before any readiness event: true where a read
     * that finds nothing costs one cheap call and a read that finds the request (the common case under load: it
     * arrived while the socket waited in the accept queue) saves the event loop's round trip, and on epoll the
     * epoll_ctl of a connection that closes after one reply.
     */
    default boolean readsOnOpen() {
        return false;
    }

    /** Writes what {@link #hasPendingOutput()} holds; true when nothing is left. */
    default boolean flushPending() throws IOException {
        return true;
    }

    /** True while a handshake precedes the first message (its time counts as a partial message's). */
    default boolean handshaking() {
        return false;
    }

    /** True while reading must wait for work elsewhere; {@link #whenUnblocked}'s hook then runs on the loop. */
    default boolean inputBlocked() {
        return false;
    }

    /** The owning connection's hook for the end of {@link #inputBlocked()}; set once, before the first read. */
    default void whenUnblocked(Runnable hook) {
    }

    /** Closes the socket (a registration with the driver goes with it). Never throws. */
    @Override
    void close();
}
