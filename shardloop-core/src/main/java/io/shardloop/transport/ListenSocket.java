package io.shardloop.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * A bound, listening, non-blocking socket. Sockets it accepts are non-blocking, close-on-exec and have TCP_NODELAY.
 * Thread contract: {@link #accept} on the accepting loop's thread; {@link #port()} and {@link #close()} any thread.
 */
public interface ListenSocket extends Pollable, Closeable {

    /** The next pending connection, or null when there is none. Out of descriptors: an IOException saying so. */
    StreamSocket accept() throws IOException;

    /** The bound port (the one picked when 0 was asked). */
    int port();

    /** Stops listening and frees the port. Never throws; idempotent. */
    @Override
    void close();
}
