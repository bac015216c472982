package io.shardloop.transport.internal;

import io.shardloop.transport.TransportKind;
import java.io.IOException;

/**
 * How the loops reach the kernel: java.nio ({@link NioTransport}) or Linux epoll and socket calls through the FFM
 * API ({@link EpollTransport}). A transport makes the loops' {@link IoDriver}s and the listeners; the sockets they
 * accept register with that transport's drivers only. Thread contract: any thread.
 */
public sealed interface Transport permits NioTransport, EpollTransport {

    /**
     * The transport {@code kind} stands for on this machine.
     *
     * @throws IllegalStateException for {@link TransportKind#EPOLL} where it cannot work, with one line saying why
     */
    static Transport of(TransportKind kind) {
        return switch (kind.resolve()) {
            case EPOLL -> EpollTransport.INSTANCE;
            case NIO -> NioTransport.INSTANCE;
            case AUTO -> throw new AssertionError("resolve() never answers AUTO");
        };
    }

    /** The name that {@code --transport} takes and that the startup line and /stats show. */
    String name();

    IoDriver newDriver();

    /** A listener bound to {@code host:port} with SO_REUSEADDR (and SO_REUSEPORT if asked). */
    ListenSocket listen(String host, int port, boolean reusePort, int backlog) throws IOException;
}
