package io.shardloop.load;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.function.Consumer;

/** {@link ClientIo} over a java.nio selector and socket channels. Loop thread only. */
final class NioClientIo implements ClientIo {
    private final InetSocketAddress address;
    private final ProtocolFamily family;
    private final Selector selector;
    /** Channels whose keys were cancelled since the last select, and those to close after the next one returns. */
    private ArrayList<SocketChannel> cancelled = new ArrayList<>();
    private ArrayList<SocketChannel> toClose = new ArrayList<>();
    private ReadyHandler handler;
    /** Bound once: a method reference made per select would allocate on every wake-up. */
    private final Consumer<SelectionKey> onKey = this::onKey;
    private ByteBuffer readBuffer;
    private byte[] readArray;

    NioClientIo(InetSocketAddress address) throws IOException {
        this.address = address;
        // An IPv4 target gets an IPv4 socket: a dual-stack socket costs an extra setsockopt per connect and takes
        // the IPv4-mapped path through the kernel's IPv6 code.
        this.family = address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
        this.selector = Selector.open();
    }

    @Override
    public boolean connect(ClientConnection c) throws IOException {
        SocketChannel ch = SocketChannel.open(family);
        c.channel = ch;
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean now = ch.connect(address);
        c.key = ch.register(selector, now ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
        return now;
    }

    @Override
    public boolean finishConnect(ClientConnection c) throws IOException {
        if (!c.channel.finishConnect()) {
            return false;
        }
        c.key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    @Override
    public int write(ClientConnection c, ByteBuffer src, java.lang.foreign.MemorySegment srcMemory) throws IOException {
        return c.channel.write(src);
    }

    @Override
    public int read(ClientConnection c, byte[] dst) throws IOException {
        if (dst != readArray) {
            readArray = dst;
            readBuffer = ByteBuffer.wrap(dst);
        }
        readBuffer.clear();
        return c.channel.read(readBuffer);
    }

    @Override
    public void wantWrite(ClientConnection c, boolean on) {
        c.key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    @Override
    public void close(ClientConnection c) {
        if (c.channel == null) {
            return;
        }
        if (c.key != null) {
            // Closed after the selector has dropped the key: closing a still-registered channel costs the JDK a
            // getsockopt, a shutdown and a deferred close; this way it is one close (short mode: per request).
            c.key.cancel();
            cancelled.add(c.channel);
        } else {
            closeQuietly(c.channel);
        }
        c.channel = null;
        c.key = null;
    }

    @Override
    public void select(long timeoutNanos, ReadyHandler h) throws IOException {
        handler = h;
        // Selector.select counts whole milliseconds: a sub-millisecond wait is parked, then polled; an answer that
        // lands during that park is read up to that long late (under 1 ms, and only when a send is that close).
        long timeoutMillis = ClientIo.millisOrPark(timeoutNanos);
        if (timeoutMillis <= 0) {
            selector.selectNow(onKey);
        } else {
            selector.select(onKey, timeoutMillis);
        }
        closeDeregistered();
    }

    private void onKey(SelectionKey key) {
        var c = (ClientConnection) key.attachment();
        if (c.key != key || !key.isValid()) {
            return; // a socket replaced or closed earlier in this batch
        }
        int ops = key.readyOps();
        handler.ready(c, (ops & SelectionKey.OP_CONNECT) != 0, (ops & SelectionKey.OP_WRITE) != 0,
                (ops & SelectionKey.OP_READ) != 0);
    }

    /** Closes the channels whose keys were cancelled before the select that just returned (and so are gone). */
    private void closeDeregistered() {
        if (!toClose.isEmpty()) {
            for (int i = 0; i < toClose.size(); i++) {
                closeQuietly(toClose.get(i));
            }
            toClose.clear();
        }
        var swap = toClose;
        toClose = cancelled;
        cancelled = swap;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a socket we no longer use: nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        cancelled.forEach(NioClientIo::closeQuietly);
        toClose.forEach(NioClientIo::closeQuietly);
        selector.close();
    }
}
