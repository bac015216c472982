package io.shardloop.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connected, non-blocking TCP socket: the only socket operations a {@link Connection} needs, so that the
 * connection knows nothing of java.nio channels or file descriptors. Buffers are the caller's (pooled direct
 * buffers on the hot path); each call is one system call.
 * Thread contract: the owning loop's thread only (the accepting thread until it is handed over).
 */
public interface StreamSocket extends Pollable, Closeable {

    /** Reads into {@code dst} from its position; returns bytes read, 0 when nothing is there, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes {@code src} from its position (advanced); returns bytes written, 0 when the socket is full. */
    int write(ByteBuffer src) throws IOException;

    /** One gathering write of {@code srcs[offset .. offset+length)} (positions advanced); returns bytes written. */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Sends FIN; reading stays open. */
    void shutdownOutput() throws IOException;

    /** Makes the coming {@link #close()} send a reset (SO_LINGER 0) instead of FIN. Never throws. */
    void resetOnClose();

    /** Closes the socket (a registration with the driver goes with it). Never throws. */
    @Override
    void close();
}
