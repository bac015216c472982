package io.shardloop.transport.internal.epoll;

import io.shardloop.nativeio.Libc;
import io.shardloop.nativeio.SocketAddress;
import io.shardloop.transport.internal.io.ListenSocket;
import io.shardloop.transport.internal.io.StreamSocket;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;

/**
 * A listening socket as a file descriptor. Options are set once here: accepted sockets inherit TCP_NODELAY from
 * the listener on Linux, so accepting costs one accept4 (non-blocking and close-on-exec in the same call).
 * Thread contract: {@link #accept} on the thread that owns it (see {@link EpollStreamSocket}); {@link #close} any.
 */
public final class EpollListenSocket implements ListenSocket {
    private static final int ACCEPT_FLAGS = Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC;
    /** Classic BPF opcodes and the ancillary "CPU of this packet" load (linux/filter.h). */
    private static final short BPF_LD_W_ABS = 0x20;
    private static final short BPF_ALU_MOD_K = 0x94;
    private static final short BPF_RET_A = 0x16;
    private static final int SKF_AD_OFF = -0x1000;
    private static final int SKF_AD_CPU = 36;

    private final int fd;
    private final int port;
    private volatile NativeScratch scratch;
    private volatile boolean closed;

    private EpollListenSocket(int fd, int port, NativeScratch scratch) {
        this.fd = fd;
        this.port = port;
        this.scratch = scratch;
    }

    static EpollListenSocket open(String host, int port, boolean reusePort, int backlog) throws IOException {
        var address = InetAddress.getByName(host);
        var s = new NativeScratch();
        int fd = Libc.socket(s.state, SocketAddress.family(address), Libc.SOCK_STREAM | ACCEPT_FLAGS, 0);
        if (fd < 0) {
            throw new IOException("socket: " + Libc.describe(s.errno()));
        }
        try {
            option(s, fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, "SO_REUSEADDR");
            if (reusePort) {
                option(s, fd, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, "SO_REUSEPORT");
            }
            option(s, fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, "TCP_NODELAY");
            int len = SocketAddress.write(s.address, address, port);
            if (Libc.bind(s.state, fd, s.address, len) < 0) {
                // the address's fault, not the machine's: callers tell the two apart by the type, as with java.nio
                throw new java.net.BindException("bind " + host + ":" + port + ": " + Libc.describe(s.errno()));
            }
            if (Libc.listen(s.state, fd, backlog) < 0) {
                throw new IOException("listen: " + Libc.describe(s.errno()));
            }
            s.length.set(ValueLayout.JAVA_INT, 0, SocketAddress.MAX_SIZE);
            if (Libc.getsockname(s.state, fd, s.address, s.length) < 0) {
                throw new IOException("getsockname: " + Libc.describe(s.errno()));
            }
            return new EpollListenSocket(fd, SocketAddress.port(s.address), s);
        } catch (IOException | RuntimeException e) {
            Libc.close(s.state, fd);
            throw e;
        }
    }

    private static void option(NativeScratch s, int fd, int level, int name, String what) throws IOException {
        if (Libc.setsockopt(s.state, fd, level, name, s.one, 4) < 0) {
            throw new IOException("setsockopt " + what + ": " + Libc.describe(s.errno()));
        }
    }

    public int fd() {
        return fd;
    }

    public void ownedBy(NativeScratch s) {
        scratch = s;
    }

    @Override
    public StreamSocket accept() throws IOException {
        var s = scratch;
        while (true) {
            int c = Libc.accept4(s.state, fd, ACCEPT_FLAGS);
            if (c >= 0) {
                return new EpollStreamSocket(c, s);
            }
            int e = s.errno();
            switch (e) {
                case Libc.EAGAIN -> {
                    return null;
                }
                case Libc.EINTR, Libc.ECONNABORTED -> {
                    // the next pending connection, if any
                }
                default -> throw new IOException("accept4: " + Libc.describe(e));
            }
        }
    }

    @Override
    public void deferAccept() throws IOException {
        option(scratch, fd, Libc.IPPROTO_TCP, Libc.TCP_DEFER_ACCEPT, "TCP_DEFER_ACCEPT"); // scratch.one holds 1: one second
    }

    /** Classic BPF: A = the CPU that received the packet; A = A % listeners; return A (the listener's index). */
    @Override
    public void balanceByCpu(int listeners) throws IOException {
        if (listeners < 1) {
            throw new IllegalArgumentException("listeners must be >= 1, got " + listeners);
        }
        try (var arena = Arena.ofConfined()) {
            var filter = arena.allocate(3 * 8L, 8);
            instruction(filter, 0, BPF_LD_W_ABS, SKF_AD_OFF + SKF_AD_CPU);
            instruction(filter, 1, BPF_ALU_MOD_K, listeners);
            instruction(filter, 2, BPF_RET_A, 0);
            var program = arena.allocate(16, 8); // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            program.set(ValueLayout.JAVA_SHORT, 0, (short) 3);
            program.set(ValueLayout.ADDRESS, 8, filter);
            var s = scratch;
            if (Libc.setsockopt(s.state, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_REUSEPORT_CBPF, program, 16) < 0) {
                throw new IOException("setsockopt SO_ATTACH_REUSEPORT_CBPF: " + Libc.describe(s.errno()));
            }
        }
    }

    private static void instruction(MemorySegment filter, int i, short code, int k) {
        long at = i * 8L;
        filter.set(ValueLayout.JAVA_SHORT, at, code);
        filter.set(ValueLayout.JAVA_BYTE, at + 2, (byte) 0);
        filter.set(ValueLayout.JAVA_BYTE, at + 3, (byte) 0);
        filter.set(ValueLayout.JAVA_INT, at + 4, k);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(scratch.state, fd);
        }
    }

    @Override
    public String toString() {
        return "EpollListenSocket[fd=" + fd + ", port=" + port + "]";
    }
}
