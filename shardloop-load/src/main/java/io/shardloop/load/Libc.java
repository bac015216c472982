package io.shardloop.load;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The Linux socket and epoll calls of {@link EpollClientIo}, bound with the FFM API. The calls that never block
 * are bound as critical (no thread-state transition, heap arrays passed directly); only {@code epoll_wait} waits.
 * Every call returns what the kernel returned; {@link #errno} reads the error of the last failed call from the
 * caller's {@link CallState}. Constants are those of x86_64 and aarch64 (asm-generic); {@link #AVAILABLE} is false
 * elsewhere.
 */
final class Libc {
    static final int AF_INET = 2;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 1 << 31;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int EINPROGRESS = 115;

    /** struct epoll_event: packed (12 bytes) on x86_64, naturally aligned (16 bytes) on aarch64. */
    static final long EPOLL_EVENT_SIZE;
    static final long EPOLL_DATA_OFFSET;
    static final boolean AVAILABLE;

    private static final MethodHandle SOCKET;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle CONNECT;
    private static final MethodHandle SEND;
    private static final MethodHandle RECV;
    private static final MethodHandle CLOSE;
    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;
    private static final VarHandle ERRNO;
    private static final MemoryLayout STATE_LAYOUT;

    static {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64");
        EPOLL_EVENT_SIZE = x86 ? 12 : 16;
        EPOLL_DATA_OFFSET = x86 ? 4 : 8;
        MethodHandle socket = null, setsockopt = null, connect = null, send = null, recv = null, close = null;
        MethodHandle create = null, ctl = null, wait = null;
        VarHandle errno = null;
        MemoryLayout state = null;
        boolean ok = false;
        if (os.contains("linux") && (x86 || arm)) {
            try {
                var linker = Linker.nativeLinker();
                var lookup = linker.defaultLookup();
                var errnoOption = Linker.Option.captureCallState("errno");
                var critical = Linker.Option.critical(true);
                state = Linker.Option.captureStateLayout();
                errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                socket = bind(linker, lookup, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                        errnoOption, critical);
                setsockopt = bind(linker, lookup, "setsockopt",
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errnoOption,
                        critical);
                connect = bind(linker, lookup, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
                        errnoOption, critical);
                send = bind(linker, lookup, "send",
                        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errnoOption, critical);
                recv = bind(linker, lookup, "recv",
                        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errnoOption, critical);
                close = bind(linker, lookup, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errnoOption, critical);
                create = bind(linker, lookup, "epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errnoOption);
                ctl = bind(linker, lookup, "epoll_ctl",
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errnoOption, critical);
                wait = bind(linker, lookup, "epoll_wait",
                        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errnoOption);
                ok = true;
            } catch (RuntimeException | LinkageError e) {
                ok = false; // no native access here: the NIO path serves
            }
        }
        SOCKET = socket;
        SETSOCKOPT = setsockopt;
        CONNECT = connect;
        SEND = send;
        RECV = recv;
        CLOSE = close;
        EPOLL_CREATE1 = create;
        EPOLL_CTL = ctl;
        EPOLL_WAIT = wait;
        ERRNO = errno;
        STATE_LAYOUT = state;
        AVAILABLE = ok;
    }

    private Libc() {
    }

    private static MethodHandle bind(Linker linker, java.lang.foreign.SymbolLookup lookup, String name,
                                     FunctionDescriptor fd, Linker.Option... options) {
        return linker.downcallHandle(lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd, options);
    }

    /** Where one thread's calls leave errno; allocated once per loop. */
    record CallState(MemorySegment segment) {
        static CallState allocate(Arena arena) {
            return new CallState(arena.allocate(STATE_LAYOUT));
        }
    }

    static int errno(CallState s) {
        return (int) ERRNO.get(s.segment(), 0L);
    }

    static int socket(CallState s, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(s.segment(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockopt(CallState s, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(s.segment(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int connect(CallState s, int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(s.segment(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long send(CallState s, int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) SEND.invokeExact(s.segment(), fd, buffer, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recv(CallState s, int fd, MemorySegment buffer, long length, int flags) {
        try {
            return (long) RECV.invokeExact(s.segment(), fd, buffer, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(CallState s, int fd) {
        try {
            return (int) CLOSE.invokeExact(s.segment(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int epollCreate(CallState s) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(s.segment(), EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int epollCtl(CallState s, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(s.segment(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int epollWait(CallState s, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(s.segment(), epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    /** The message for an errno, for error reports (not the hot path). */
    static String describe(int errno) {
        return switch (errno) {
            case 104 -> "connection reset by peer (ECONNRESET)";
            case 111 -> "connection refused (ECONNREFUSED)";
            case 32 -> "broken pipe (EPIPE)";
            case 110 -> "timed out (ETIMEDOUT)";
            case 99 -> "no local address/port available (EADDRNOTAVAIL)";
            case 24 -> "too many open files (EMFILE)";
            default -> "errno " + errno;
        };
    }
}
