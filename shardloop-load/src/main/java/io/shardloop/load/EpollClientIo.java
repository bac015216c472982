package io.shardloop.load;

import io.shardloop.nativeio.Libc;
import io.shardloop.nativeio.SocketAddress;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * {@link ClientIo} on Linux epoll through {@link Libc}. Why own this path: a short connection through java.nio costs
 * 15 system calls (two fcntl, two getsockname, a poll and a getsockopt to finish the connect, three epoll_ctl) and
 * the channel's locks and objects; here it is 7 (socket with SOCK_NONBLOCK, setsockopt, connect, one epoll_ctl,
 * send, recv, close) and nothing is allocated. Each socket is registered once, edge-triggered for input and output:
 * nothing is re-armed, a close removes it, and a reader reads until the socket is drained (a short read).
 * The epoll data of a socket is its connection's index and generation, so an event of a socket closed earlier in
 * the same batch (whose descriptor number may already be reused) is dropped. IPv4 targets only. Loop thread only.
 */
final class EpollClientIo implements ClientIo {
    private static final int MAX_EVENTS = 1024;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final Arena arena = Arena.ofConfined();
    private final Libc.CallState state = Libc.CallState.allocate(arena);
    private final int epfd;
    private final MemorySegment sockaddr;
    private final MemorySegment one;
    private final MemorySegment event;
    private final MemorySegment events;
    /** The timeout of epoll_pwait2; false once it said ENOSYS (then whole milliseconds and a park, as with nio). */
    private final MemorySegment timespec;
    private boolean nanosecondWait = true;
    private final ClientConnection[] byIndex;
    private final int indexBase;
    private byte[] readArray;
    private MemorySegment readSegment;

    /**
     * @param connections the loop's connections; {@code connections[i].index - connections[0].index == i}
     */
    EpollClientIo(InetSocketAddress address, ClientConnection[] connections) throws IOException {
        if (!(address.getAddress() instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("epoll serves IPv4 targets, not " + address);
        }
        this.byIndex = connections;
        this.indexBase = connections.length == 0 ? 0 : connections[0].index;
        this.sockaddr = arena.allocate(SocketAddress.MAX_SIZE, 8);
        SocketAddress.write(sockaddr, v4, address.getPort());
        this.one = arena.allocate(ValueLayout.JAVA_INT);
        one.set(ValueLayout.JAVA_INT, 0, 1);
        this.event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
        this.events = arena.allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
        this.timespec = arena.allocate(Libc.TIMESPEC_SIZE, 8);
        this.epfd = Libc.epollCreate(state);
        if (epfd < 0) {
            int e = Libc.errno(state);
            arena.close();
            throw new IOException("epoll_create1: " + Libc.describe(e));
        }
    }

    @Override
    public boolean connect(ClientConnection c) throws IOException {
        int fd = Libc.socket(state, Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket: " + Libc.describe(Libc.errno(state)));
        }
        c.fd = fd;
        c.connectFailed = false;
        if (Libc.setsockopt(state, fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, one, 4) < 0) {
            throw new IOException("setsockopt TCP_NODELAY: " + Libc.describe(Libc.errno(state)));
        }
        boolean now = true;
        if (Libc.connect(state, fd, sockaddr, 16) < 0) {
            int e = Libc.errno(state);
            if (e != Libc.EINPROGRESS) {
                throw new IOException("connect: " + Libc.describe(e));
            }
            now = false;
        }
        event.set(INT, 0, Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET);
        event.set(LONG, Libc.EPOLL_DATA_OFFSET, ((long) c.generation << 32) | (c.index - indexBase));
        if (Libc.epollCtl(state, epfd, Libc.EPOLL_CTL_ADD, fd, event) < 0) {
            throw new IOException("epoll_ctl: " + Libc.describe(Libc.errno(state)));
        }
        return now;
    }

    @Override
    public boolean finishConnect(ClientConnection c) throws IOException {
        if (c.connectFailed) {
            throw new IOException("connect failed");
        }
        return true; // reported writable without an error: the handshake finished
    }

    @Override
    public int write(ClientConnection c, java.nio.ByteBuffer out, MemorySegment srcMemory) throws IOException {
        int pos = out.position();
        int len = out.remaining();
        MemorySegment from = pos == 0 ? srcMemory : srcMemory.asSlice(pos);
        long n = Libc.send(state, c.fd, from, len, Libc.MSG_NOSIGNAL);
        if (n < 0) {
            int e = Libc.errno(state);
            if (e == Libc.EAGAIN || e == Libc.EINTR) {
                return 0;
            }
            throw new IOException("send: " + Libc.describe(e));
        }
        out.position(pos + (int) n);
        return (int) n;
    }

    @Override
    public int read(ClientConnection c, byte[] dst) throws IOException {
        if (dst != readArray) {
            readArray = dst;
            readSegment = MemorySegment.ofArray(dst);
        }
        long n = Libc.recv(state, c.fd, readSegment, dst.length, 0);
        if (n > 0) {
            return (int) n;
        }
        if (n == 0) {
            return -1;
        }
        int e = Libc.errno(state);
        if (e == Libc.EAGAIN || e == Libc.EINTR) {
            return 0;
        }
        throw new IOException("recv: " + Libc.describe(e));
    }

    @Override
    public void wantWrite(ClientConnection c, boolean on) {
        // registered for output once, edge-triggered: the next report comes when the socket can take more
    }

    @Override
    public void close(ClientConnection c) {
        if (c.fd >= 0) {
            Libc.close(state, c.fd); // also leaves the epoll set
            c.fd = -1;
        }
    }

    @Override
    public void select(long timeoutNanos, ReadyHandler handler) throws IOException {
        int n = await(Math.max(0, timeoutNanos));
        if (n < 0) {
            int e = Libc.errno(state);
            if (e == Libc.EINTR) {
                return;
            }
            throw new IOException("epoll_wait: " + Libc.describe(e));
        }
        for (int i = 0; i < n; i++) {
            long at = i * Libc.EPOLL_EVENT_SIZE;
            int ready = events.get(INT, at);
            long data = events.get(LONG, at + Libc.EPOLL_DATA_OFFSET);
            var c = byIndex[(int) data];
            if (c.fd < 0 || c.generation != (int) (data >>> 32)) {
                continue; // closed (and maybe replaced) earlier in this batch
            }
            boolean error = (ready & (Libc.EPOLLERR | Libc.EPOLLHUP)) != 0;
            // an error or hang-up of a connected socket is found by the read (end of stream or the socket's error)
            boolean readable = (ready & (Libc.EPOLLIN | Libc.EPOLLRDHUP)) != 0;
            if (c.state == ClientConnection.State.CONNECTING) {
                c.connectFailed = error;
                handler.ready(c, true, false, readable); // edge-triggered: input that came with it is read now
            } else {
                handler.ready(c, false, (ready & Libc.EPOLLOUT) != 0, error || readable);
            }
        }
    }

    /** epoll_pwait2 with a nanosecond timeout where the kernel has it (5.11+), else epoll_wait and a park. */
    private int await(long timeoutNanos) {
        if (nanosecondWait) {
            timespec.set(LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(LONG, 8, timeoutNanos % 1_000_000_000L);
            int n = Libc.epollPwait2(state, epfd, events, MAX_EVENTS, timespec);
            if (n >= 0 || Libc.errno(state) != Libc.ENOSYS) {
                return n;
            }
            nanosecondWait = false;
        }
        long millis = ClientIo.millisOrPark(timeoutNanos);
        return Libc.epollWait(state, epfd, events, MAX_EVENTS, (int) Math.min(Integer.MAX_VALUE, millis));
    }

    @Override
    public void close() {
        Libc.close(state, epfd);
        arena.close();
    }
}
