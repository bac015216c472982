package io.shardloop.transport.internal.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * A bound, listening, non-blocking socket. Sockets it accepts are non-blocking, close-on-exec and have TCP_NODELAY.
 * Thread contract: {@link #accept} on the accepting loop's thread; {@link #port()} and {@link #close()} any thread.
 */
public interface ListenSocket extends Pollable, Closeable {

    /** The next pending connection, or null when there is none. Out of descriptors: an IOException saying so. */
    StreamSocket accept() throws IOException;

    /**
     * Makes the kernel pick, among the {@code listeners} SO_REUSEPORT listeners of this port (in the order they
     * started listening), the one of index {@code cpu % listeners} for a connection whose SYN CPU {@code cpu}
     * received. Called on one listener of the group, after all have started listening.
     *
     * @throws UnsupportedOperationException where the transport cannot attach the program (java.nio)
     */
    default void balanceByCpu(int listeners) throws IOException {
        throw new UnsupportedOperationException("--reuseport-balance cpu needs the epoll transport");
    }

    /**
     * Reports a connection only once its first bytes have arrived or the kernel stopped deferring it
     * ({@code TCP_DEFER_ACCEPT}, one second: a silent connection becomes acceptable about a second after its
     * handshake). Called before the first accept.
     *
     * @throws UnsupportedOperationException where the transport cannot set it (java.nio)
     */
    default void deferAccept() throws IOException {
        throw new UnsupportedOperationException("--defer-accept needs the epoll transport (java.nio cannot set "
                + "TCP_DEFER_ACCEPT)");
    }

    /** The bound port (the one picked when 0 was asked). */
    int port();

    /** Stops listening and frees the port. Never throws; idempotent. */
    @Override
    void close();
}
