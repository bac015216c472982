package io.shardloop.transport.internal.nio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/** Opens listening sockets. Thread contract: any thread. */
public final class Listeners {
    private Listeners() {
    }

    /**
     * A bound listener with SO_REUSEADDR (the port is bindable again at once after close) and, if asked,
     * SO_REUSEPORT (several listeners, one per loop, on one port).
     */
    public static ServerSocketChannel open(String host, int port, boolean reusePort, int backlog) throws IOException {
        var ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort) {
                if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw new IOException("SO_REUSEPORT is not supported on this platform");
                }
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(new InetSocketAddress(host, port), backlog);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public static int port(ServerSocketChannel ch) {
        try {
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }
}
