package io.shardloop.transport.internal.epoll;

import io.shardloop.transport.internal.io.IoDriver;
import io.shardloop.transport.internal.io.ListenSocket;
import io.shardloop.transport.internal.io.Transport;
import java.io.IOException;

/**
 * Linux epoll and socket calls through the FFM API ({@code io.shardloop.nativeio.Libc}). Why own this path: through
 * java.nio a short connection costs 14 system calls (three fcntl, two getsockname, a setsockopt and a getsockopt, two
 * epoll_ctl, a shutdown beside accept, read, write and close); here it is accept4, one epoll_ctl, read, write and
 * close, with TCP_NODELAY set once on the listener (accepted sockets inherit it) and nothing allocated.
 * Thread contract: any thread.
 */
public final class EpollTransport implements Transport {
    public static final EpollTransport INSTANCE = new EpollTransport();

    private EpollTransport() {
    }

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public IoDriver newDriver() {
        return new EpollIoDriver();
    }

    @Override
    public ListenSocket listen(String host, int port, boolean reusePort, int backlog) throws IOException {
        return EpollListenSocket.open(host, port, reusePort, backlog);
    }
}
