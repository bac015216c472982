package io.shardloop.nativeio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The Linux socket, epoll and eventfd calls of the project (the server's epoll transport and the load generator),
 * bound once with the FFM API. The calls that never block are bound as critical (no thread-state transition, heap
 * arrays passed directly); only {@code epoll_wait} waits. Every call returns what the kernel returned; {@link #errno}
 * reads the error of the caller's last failed call from its {@link CallState}. Constants are those of x86_64 and
 * aarch64 (asm-generic); {@link #AVAILABLE} is false elsewhere, or where native access is denied.
 * Why own these bindings rather than use a library: the transport's hot path is these calls, and each one
 * here is one downcall with no wrapper object.
 */
public final class Libc {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    public static final int SO_INCOMING_CPU = 49;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_DEFER_ACCEPT = 9;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_MORE = 0x8000;
    public static final int SHUT_WR = 1;
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLRDHUP = 0x2000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int ENOENT = 2;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ECONNABORTED = 103;
    public static final int EINPROGRESS = 115;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;

    /** struct epoll_event: packed (12 bytes) on x86_64, naturally aligned (16 bytes) on aarch64. */
    public static final long EPOLL_EVENT_SIZE;
    public static final long EPOLL_DATA_OFFSET;
    /** struct iovec: a pointer and a length. */
    public static final long IOVEC_SIZE = 16;
    public static final boolean AVAILABLE;
    /** Why {@link #AVAILABLE} is false (one line), or null. */
    public static final String UNAVAILABLE_REASON;

    private static final MethodHandle SOCKET;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle GETSOCKOPT;
    private static final MethodHandle CONNECT;
    private static final MethodHandle BIND;
    private static final MethodHandle LISTEN;
    private static final MethodHandle GETSOCKNAME;
    private static final MethodHandle ACCEPT4;
    private static final MethodHandle SEND;
    private static final MethodHandle RECV;
    private static final MethodHandle READ;
    private static final MethodHandle WRITE;
    private static final MethodHandle WRITEV;
    private static final MethodHandle SHUTDOWN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle WRITE_NO_ERRNO;
    private static final MethodHandle RECV_AT;
    private static final MethodHandle SEND_AT;
    /** Null where the C library lacks the symbol (glibc before 2.35); {@link #epollPwait2} then says ENOSYS. */
    private static final MethodHandle EPOLL_PWAIT2;
    private static final MethodHandle PRCTL;
    private static final MethodHandle OPEN;
    private static final MethodHandle SETNS;
    private static final VarHandle ERRNO;
    private static final MemoryLayout STATE_LAYOUT;

    static {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm = arch.equals("aarch64");
        EPOLL_EVENT_SIZE = x86 ? 12 : 16;
        EPOLL_DATA_OFFSET = x86 ? 4 : 8;
        var h = new MethodHandle[26];
        VarHandle errno = null;
        MemoryLayout state = null;
        String reason = null;
        if (!os.contains("linux") || !(x86 || arm)) {
            reason = "the epoll calls need Linux on x86_64 or aarch64, not " + os + " on " + arch;
        } else {
            try {
                var b = new Binder();
                state = Linker.Option.captureStateLayout();
                errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                h[0] = b.critical("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
                h[1] = b.critical("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
                h[2] = b.critical("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
                h[3] = b.critical("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
                h[4] = b.critical("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
                h[5] = b.critical("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
                h[6] = b.critical("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
                h[7] = b.critical("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
                h[8] = b.critical("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
                h[9] = b.critical("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
                h[10] = b.critical("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
                h[11] = b.critical("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
                h[12] = b.critical("writev", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
                h[13] = b.critical("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
                h[14] = b.critical("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
                h[15] = b.blocking("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
                h[16] = b.critical("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
                h[17] = b.blocking("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
                h[18] = b.critical("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
                h[19] = b.plain("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
                // the buffer as a raw address (a pointer is a 64-bit integer argument on both ABIs): no segment
                h[20] = b.critical("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
                h[21] = b.critical("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
                h[22] = b.optionalBlocking("epoll_pwait2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
                h[23] = b.variadic("prctl", 1, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
                h[24] = b.variadic("open", 2, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)); // no mode passed
                h[25] = b.blocking("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
            } catch (RuntimeException | LinkageError e) {
                reason = "native access is not available (" + e.getMessage() + "); run java with "
                        + nativeAccessFlag(Libc.class.getModule());
            }
        }
        SOCKET = h[0];
        SETSOCKOPT = h[1];
        GETSOCKOPT = h[2];
        CONNECT = h[3];
        BIND = h[4];
        LISTEN = h[5];
        GETSOCKNAME = h[6];
        ACCEPT4 = h[7];
        SEND = h[8];
        RECV = h[9];
        READ = h[10];
        WRITE = h[11];
        WRITEV = h[12];
        SHUTDOWN = h[13];
        CLOSE = h[14];
        EPOLL_CREATE1 = h[15];
        EPOLL_CTL = h[16];
        EPOLL_WAIT = h[17];
        EVENTFD = h[18];
        WRITE_NO_ERRNO = h[19];
        RECV_AT = h[20];
        SEND_AT = h[21];
        EPOLL_PWAIT2 = h[22];
        PRCTL = h[23];
        OPEN = h[24];
        SETNS = h[25];
        ERRNO = errno;
        STATE_LAYOUT = state;
        UNAVAILABLE_REASON = reason;
        AVAILABLE = reason == null;
    }

    private Libc() {
    }

    /** The java flag that grants this module native access: by its name on the module path, else the class path's. */
    static String nativeAccessFlag(Module module) {
        return "--enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED");
    }

    /** Looks symbols up and binds them with errno captured; critical ones must never block. */
    private static final class Binder {
        private final Linker linker = Linker.nativeLinker();
        private final SymbolLookup lookup = linker.defaultLookup();
        private final Linker.Option errno = Linker.Option.captureCallState("errno");
        private final Linker.Option critical = Linker.Option.critical(true);

        MethodHandle critical(String name, FunctionDescriptor fd) {
            return linker.downcallHandle(find(name), fd, errno, critical);
        }

        MethodHandle blocking(String name, FunctionDescriptor fd) {
            return linker.downcallHandle(find(name), fd, errno);
        }

        MethodHandle plain(String name, FunctionDescriptor fd) {
            return linker.downcallHandle(find(name), fd, critical);
        }

        /** A C variadic function ({@code int prctl(int, ...)}): the linker must know where the varargs start. */
        MethodHandle variadic(String name, int firstVariadic, FunctionDescriptor fd) {
            return linker.downcallHandle(find(name), fd, errno, Linker.Option.firstVariadicArg(firstVariadic));
        }

        /** A blocking call that older C libraries lack: null when the symbol is not there. */
        MethodHandle optionalBlocking(String name, FunctionDescriptor fd) {
            return lookup.find(name).map(address -> linker.downcallHandle(address, fd, errno)).orElse(null);
        }

        private MemorySegment find(String name) {
            return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name));
        }
    }

    /** Where one thread's calls leave errno; one per thread that makes calls (a loop, a client loop). */
    public record CallState(MemorySegment segment) {
        public static CallState allocate(Arena arena) {
            return new CallState(arena.allocate(STATE_LAYOUT));
        }
    }

    public static int errno(CallState s) {
        return (int) ERRNO.get(s.segment(), 0L);
    }

    /** Leaves {@code errno} in {@code s} as a failed call would ({@link Faults}). */
    static void setErrno(CallState s, int errno) {
        ERRNO.set(s.segment(), 0L, errno);
    }

    public static int socket(CallState s, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(s.segment(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setsockopt(CallState s, int fd, int level, int name, MemorySegment value, int length) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.SETSOCKOPT, name, s)) {
            return -1;
        }
        try {
            return (int) SETSOCKOPT.invokeExact(s.segment(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getsockopt(CallState s, int fd, int level, int name, MemorySegment value, MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(s.segment(), fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int connect(CallState s, int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(s.segment(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int bind(CallState s, int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(s.segment(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int listen(CallState s, int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(s.segment(), fd, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int getsockname(CallState s, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETSOCKNAME.invokeExact(s.segment(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** accept4 without the peer's address (NULL, NULL). */
    public static int accept4(CallState s, int fd, int flags) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.ACCEPT4, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (int) ACCEPT4.invokeExact(s.segment(), fd, MemorySegment.NULL, MemorySegment.NULL, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long send(CallState s, int fd, MemorySegment buffer, long length, int flags) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.SEND, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (long) SEND.invokeExact(s.segment(), fd, buffer, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long recv(CallState s, int fd, MemorySegment buffer, long length, int flags) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.RECV, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (long) RECV.invokeExact(s.segment(), fd, buffer, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(CallState s, int fd, MemorySegment buffer, long length) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.RECV, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (long) READ.invokeExact(s.segment(), fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long write(CallState s, int fd, MemorySegment buffer, long length) {
        try {
            return (long) WRITE.invokeExact(s.segment(), fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * recv(2) into native memory at {@code address}: for a direct buffer whose address the caller keeps, so that
     * the hot path makes no segment object per call. recv rather than read(2): a socket call skips the file layer's
     * work (position lock, access notification) that read does on every call.
     */
    public static long recvAt(CallState s, int fd, long address, long length, int flags) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.RECV, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (long) RECV_AT.invokeExact(s.segment(), fd, address, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** send(2) from native memory at {@code address} (see {@link #recvAt}). */
    public static long sendAt(CallState s, int fd, long address, long length, int flags) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.SEND, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (long) SEND_AT.invokeExact(s.segment(), fd, address, length, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** write(2) from any thread, errno not kept: for an eventfd wake-up, whose only failure is "already signalled". */
    public static long writeIgnoringErrno(int fd, MemorySegment buffer, long length) {
        try {
            return (long) WRITE_NO_ERRNO.invokeExact(fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long writev(CallState s, int fd, MemorySegment iov, int count) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.WRITEV, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (long) WRITEV.invokeExact(s.segment(), fd, iov, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int shutdown(CallState s, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(s.segment(), fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(CallState s, int fd) {
        try {
            return (int) CLOSE.invokeExact(s.segment(), fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollCreate(CallState s) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.EPOLL_CREATE1, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (int) EPOLL_CREATE1.invokeExact(s.segment(), EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollCtl(CallState s, int epfd, int op, int fd, MemorySegment event) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.EPOLL_CTL, op, s)) {
            return -1;
        }
        try {
            return (int) EPOLL_CTL.invokeExact(s.segment(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollWait(CallState s, int epfd, MemorySegment events, int max, int timeoutMillis) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.EPOLL_WAIT, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (int) EPOLL_WAIT.invokeExact(s.segment(), epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Size of a {@code struct timespec} (two longs on both ABIs), for {@link #epollPwait2}. */
    public static final long TIMESPEC_SIZE = 16;
    public static final int ENOSYS = 38;
    public static final int PR_SET_TIMERSLACK = 29;

    /**
     * epoll_pwait2 (Linux 5.11): epoll_wait with a nanosecond {@code struct timespec} timeout (NULL: forever) and no
     * signal mask change. Returns -1 with errno ENOSYS where the C library or the kernel lacks it.
     */
    public static int epollPwait2(CallState s, int epfd, MemorySegment events, int max, MemorySegment timespec) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.EPOLL_WAIT, Faults.ANY, s)) {
            return -1;
        }
        if (EPOLL_PWAIT2 == null) {
            ERRNO.set(s.segment(), 0L, ENOSYS);
            return -1;
        }
        try {
            return (int) EPOLL_PWAIT2.invokeExact(s.segment(), epfd, events, max, timespec, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** prctl with up to four arguments; e.g. {@code PR_SET_TIMERSLACK} for the calling thread. */
    public static int prctl(CallState s, int option, long arg2, long arg3, long arg4, long arg5) {
        try {
            return (int) PRCTL.invokeExact(s.segment(), option, arg2, arg3, arg4, arg5);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** open(2) without a mode (so not for O_CREAT): {@code path} is a NUL-terminated string. */
    public static int open(CallState s, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(s.segment(), path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** setns(2): moves the calling thread into the namespace {@code fd} refers to. */
    public static int setns(CallState s, int fd, int nstype) {
        try {
            return (int) SETNS.invokeExact(s.segment(), fd, nstype);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int eventfd(CallState s, int initial, int flags) {
        if (Faults.ENABLED && Faults.failed(Faults.Call.EVENTFD, Faults.ANY, s)) {
            return -1;
        }
        try {
            return (int) EVENTFD.invokeExact(s.segment(), initial, flags);
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
    public static String describe(int errno) {
        return switch (errno) {
            case 104 -> "connection reset by peer (ECONNRESET)";
            case 111 -> "connection refused (ECONNREFUSED)";
            case 32 -> "broken pipe (EPIPE)";
            case 110 -> "timed out (ETIMEDOUT)";
            case 99 -> "no local address/port available (EADDRNOTAVAIL)";
            case 98 -> "address already in use (EADDRINUSE)";
            case 13 -> "permission denied (EACCES)";
            case EMFILE -> "too many open files (EMFILE)";
            case ENFILE -> "too many open files in system (ENFILE)";
            case EBADF -> "bad file descriptor (EBADF)";
            case 22 -> "invalid argument (EINVAL)";
            case 97 -> "address family not supported (EAFNOSUPPORT)";
            case 28 -> "no space left (ENOSPC; for epoll_ctl, fs.epoll.max_user_watches reached)";
            case 12 -> "out of memory (ENOMEM)";
            default -> "errno " + errno;
        };
    }
}
