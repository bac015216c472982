package io.shardloop.transport.internal;

import io.shardloop.transport.TransportConfig;
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

    /**
     * A listener for a server of {@code config}: its backlog, and {@link ListenSocket#deferAccept} when asked
     * (closed again if that fails).
     */
    default ListenSocket listen(String host, int port, boolean reusePort, TransportConfig config) throws IOException {
        var listener = listen(host, port, reusePort, config.backlog());
        if (config.deferAccept()) {
            try {
                listener.deferAccept();
            } catch (IOException | RuntimeException e) {
                listener.close();
                throw e;
            }
        }
        return listener;
    }
}
