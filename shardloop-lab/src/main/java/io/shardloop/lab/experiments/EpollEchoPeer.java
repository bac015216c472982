package io.shardloop.lab.experiments;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.shardloop.nativeio.Libc;
import io.shardloop.nativeio.SocketAddress;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The cheapest server loop this machine can run, to calibrate the path with ({@code lab ceiling}): one thread per
 * server CPU, each with its own SO_REUSEPORT listener and epoll set (no hand-off, no dispatcher), level-triggered,
 * one {@code read} and one {@code write} of whatever arrived per ready connection (so a pipelined batch goes back in
 * one write), no parsing, no buffers beyond one per thread, no objects per message. Every threading model does at
 * least this much work per message, so none should beat it; a run that does says the calibration is wrong.
 * {@code EpollEchoPeer PORT THREADS [HOST]}: prints its port, then runs until killed.
 */
public final class EpollEchoPeer {

    private static final int MAX_EVENTS = 256;
    private static final int BUFFER = 64 * 1024;

    public static void main(String[] args) throws Exception {
        if (!Libc.AVAILABLE) {
            throw new IllegalStateException("the epoll echo needs Linux epoll through FFM: " + Libc.UNAVAILABLE_REASON);
        }
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        var host = InetAddress.getByName(args.length > 2 ? args[2] : "127.0.0.1");
        var bound = new CountDownLatch(threads);
        var failure = new Throwable[1];
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().name("echo-loop-" + i).start(() -> {
                try (var arena = Arena.ofConfined()) {
                    var loop = new Loop(arena, host, port);
                    bound.countDown();
                    loop.run();
                } catch (IOException e) {
                    failure[0] = e;
                    bound.countDown();
                }
            });
        }
        bound.await();
        if (failure[0] != null) {
            System.err.println("epoll echo: " + failure[0].getMessage());
            System.exit(1);
        }
        System.out.println("listening " + port + " with " + threads + " epoll loop(s)");
        System.out.flush();
    }

    /** One thread's listener, epoll set and buffer. Its thread only. */
    private static final class Loop {
        private final Libc.CallState st;
        private final MemorySegment buffer;
        private final MemorySegment event;
        private final MemorySegment events;
        private final int epfd;
        private final int listener;

        Loop(Arena arena, InetAddress host, int port) throws IOException {
            st = Libc.CallState.allocate(arena);
            buffer = arena.allocate(BUFFER, 8);
            event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
            events = arena.allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
            epfd = check(Libc.epollCreate(st), "epoll_create1");
            listener = check(Libc.socket(st, SocketAddress.family(host), Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0), "socket");
            var one = arena.allocateFrom(JAVA_INT, 1);
            check(Libc.setsockopt(st, listener, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, one, 4), "SO_REUSEADDR");
            check(Libc.setsockopt(st, listener, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, one, 4), "SO_REUSEPORT");
            var address = arena.allocate(SocketAddress.MAX_SIZE, 8);
            check(Libc.bind(st, listener, address, SocketAddress.write(address, host, port)), "bind " + host + ":" + port);
            check(Libc.listen(st, listener, 4096), "listen");
            add(listener);
        }

        private void add(int fd) throws IOException {
            event.set(JAVA_INT_UNALIGNED, 0, Libc.EPOLLIN);
            event.set(JAVA_LONG_UNALIGNED, Libc.EPOLL_DATA_OFFSET, fd);
            check(Libc.epollCtl(st, epfd, Libc.EPOLL_CTL_ADD, fd, event), "epoll_ctl");
        }

        void run() throws IOException {
            var nodelay = Arena.ofAuto().allocateFrom(JAVA_INT, 1);
            while (true) {
                int n = Libc.epollWait(st, epfd, events, MAX_EVENTS, -1);
                if (n < 0) {
                    if (Libc.errno(st) == Libc.EINTR) {
                        continue;
                    }
                    throw new IOException("epoll_wait: " + Libc.describe(Libc.errno(st)));
                }
                for (int i = 0; i < n; i++) {
                    int fd = (int) events.get(JAVA_LONG_UNALIGNED, i * Libc.EPOLL_EVENT_SIZE + Libc.EPOLL_DATA_OFFSET);
                    if (fd == listener) {
                        int c;
                        while ((c = Libc.accept4(st, listener, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC)) >= 0) {
                            Libc.setsockopt(st, c, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, nodelay, 4);
                            add(c);
                        }
                    } else {
                        echo(fd);
                    }
                }
            }
        }

        /** One read, written back whole; a closed or failed connection is closed (which leaves the epoll set). */
        private void echo(int fd) {
            long got = Libc.read(st, fd, buffer, BUFFER);
            if (got <= 0) {
                if (got == 0 || Libc.errno(st) != Libc.EAGAIN) {
                    Libc.close(st, fd);
                }
                return;
            }
            long off = 0;
            while (off < got) { // the client keeps at most depth x size in flight: the send buffer has room
                long w = Libc.write(st, fd, buffer.asSlice(off), got - off);
                if (w < 0 && Libc.errno(st) != Libc.EAGAIN && Libc.errno(st) != Libc.EINTR) {
                    Libc.close(st, fd);
                    return;
                }
                off += Math.max(0, w);
            }
        }

        private int check(int rc, String what) throws IOException {
            if (rc < 0) {
                throw new IOException(what + ": " + Libc.describe(Libc.errno(st)));
            }
            return rc;
        }
    }
}
