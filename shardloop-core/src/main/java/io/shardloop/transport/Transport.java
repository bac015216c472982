package io.shardloop.transport;

import java.io.IOException;

/**
 * How the loops reach the kernel: java.nio ({@link NioTransport}) or Linux epoll and socket calls through the FFM
 * API ({@link EpollTransport}). A transport makes the loops' {@link IoDriver}s and the listeners; the sockets they
 * accept register with that transport's drivers only. Thread contract: any thread.
 */
public sealed interface Transport permits NioTransport, EpollTransport {

    /** The name that {@code --transport} takes and that the startup line and /stats show. */
    String name();

    IoDriver newDriver();

    /** A listener bound to {@code host:port} with SO_REUSEADDR (and SO_REUSEPORT if asked). */
    ListenSocket listen(String host, int port, boolean reusePort, int backlog) throws IOException;
}
