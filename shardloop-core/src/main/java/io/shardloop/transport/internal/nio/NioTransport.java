package io.shardloop.transport.internal.nio;

import io.shardloop.transport.internal.io.IoDriver;
import io.shardloop.transport.internal.io.ListenSocket;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.StreamSocket;
import io.shardloop.transport.internal.io.Transport;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The portable transport: a JDK Selector per loop and java.nio channels. Thread contract: any thread. */
public final class NioTransport implements Transport {
    public static final NioTransport INSTANCE = new NioTransport();

    private NioTransport() {
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public IoDriver newDriver() {
        return new NioIoDriver();
    }

    @Override
    public ListenSocket listen(String host, int port, boolean reusePort, int backlog) throws IOException {
        var ch = Listeners.open(host, port, reusePort, backlog);
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new Listener(ch);
    }

    /** A listener made elsewhere (the connection-thread models' blocking one), for the shared accept helpers. */
    public static ListenSocket listener(ServerSocketChannel channel) {
        return new Listener(channel);
    }

    /** An accepted channel as a non-blocking {@link StreamSocket}. */
    public static StreamSocket socket(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        return new Socket(channel);
    }

    /** What the NIO driver registers: the channel behind a socket. */
    interface NioPollable extends Pollable {
        SelectableChannel channel();
    }

    private record Listener(ServerSocketChannel channel) implements ListenSocket, NioPollable {
        static {
            // Accepting out of descriptors (SpareDescriptor.shed) has none to spare for reading a class file
            // from an exploded class path: the accepted socket's class is ready before the first accept.
            try {
                MethodHandles.lookup().ensureInitialized(Socket.class);
            } catch (IllegalAccessException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @Override
        public StreamSocket accept() throws IOException {
            var ch = channel.accept();
            if (ch == null) {
                return null;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw new IOException("cannot set up an accepted socket: " + e.getMessage(), e);
            }
            return new Socket(ch);
        }

        @Override
        public int port() {
            return Listeners.port(channel);
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    private record Socket(SocketChannel channel) implements StreamSocket, NioPollable {
        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return channel.write(srcs, offset, length);
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void resetOnClose() {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException ignored) {
                // already gone
            }
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
