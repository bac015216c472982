package io.shardloop.transport.internal.io;

import io.shardloop.transport.TransportConfig;
import java.io.IOException;

/**
 * How the loops reach the kernel: java.nio (package {@code nio}) or Linux epoll and socket calls through the FFM API
 * (package {@code epoll}); {@code Transports.of} picks one. A transport makes the loops' {@link IoDriver}s and the
 * listeners; the sockets they accept register with that transport's drivers only. Thread contract: any thread.
 */
public interface Transport {

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
