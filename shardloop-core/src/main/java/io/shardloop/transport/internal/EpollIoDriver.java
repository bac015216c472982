package io.shardloop.transport.internal;

import io.shardloop.nativeio.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link IoDriver} over one epoll instance, level-triggered, with an eventfd for {@link #wakeup}. A socket is added
 * once ({@code EPOLL_CTL_ADD}) and leaves the set when its descriptor is closed, so a short connection costs at most
 * one epoll_ctl. A connected socket's add waits for the next {@link #select} (a listener's is at once, so that a
 * failure surfaces at start): a connection served and closed before then (a short connection whose request was
 * already there when it was accepted, see {@link StreamSocket#readsOnOpen}) never enters the set, and an add that
 * fails then closes the connection ({@link IoHandle#forceClose}). Asking for more (writability while a reply is
 * stuck) costs one {@code EPOLL_CTL_MOD} at once; asking for less is lazy: the kernel's set is narrowed
 * ({@code EPOLL_CTL_MOD}, or {@code EPOLL_CTL_DEL} for nothing, since epoll reports errors and hang-ups even
 * unasked) only when an unwanted event arrives, so the last reply of a connection, which stops reading just before
 * the close, costs nothing. The epoll data of a socket is its
 * registration's slot and generation, not its descriptor number: an event always reaches the handle it was
 * registered for (a closed connection ignores it), never a new socket that reused the number, and an event of a
 * registration already cancelled is dropped.
 * Thread contract: {@link #wakeup} from any thread; everything else from the owning loop thread.
 */
final class EpollIoDriver implements IoDriver {
    private static final System.Logger LOG = System.getLogger("io.shardloop.transport");
    private static final int MAX_EVENTS = 512;
    private static final long WAKE_DATA = -1L;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final NativeScratch scratch = new NativeScratch();
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
    private final MemorySegment event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
    private final int epfd;
    private final WakeFd wake;
    private Registration[] slots = new Registration[64];
    /** Sockets registered since the last wait, added to the kernel's set just before the next. */
    private final ArrayList<Registration> pendingAdds = new ArrayList<>();
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int nextSlot;
    private int generationCounter;

    EpollIoDriver() {
        epfd = Libc.epollCreate(scratch.state);
        if (epfd < 0) {
            throw new UncheckedIOException(new IOException("epoll_create1: " + Libc.describe(scratch.errno())));
        }
        try {
            wake = new WakeFd(scratch);
        } catch (UncheckedIOException e) {
            Libc.close(scratch.state, epfd);
            throw e;
        }
        if (ctl(Libc.EPOLL_CTL_ADD, wake.fd(), Libc.EPOLLIN, WAKE_DATA) < 0) {
            int e = scratch.errno();
            wake.close(scratch);
            Libc.close(scratch.state, epfd);
            throw new UncheckedIOException(new IOException("epoll_ctl eventfd: " + Libc.describe(e)));
        }
    }

    @Override
    public int select(long timeoutMillis, ReadySet out) throws IOException {
        return wait(timeoutMillis == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, timeoutMillis), out);
    }

    @Override
    public int selectNow(ReadySet out) throws IOException {
        return wait(0, out);
    }

    private int wait(int timeout, ReadySet out) throws IOException {
        out.clear();
        if (!pendingAdds.isEmpty()) {
            addPending();
        }
        int n = waitOn(scratch, epfd, events, MAX_EVENTS, timeout);
        for (int i = 0; i < n; i++) {
            long at = i * Libc.EPOLL_EVENT_SIZE;
            int ready = events.get(INT, at);
            long data = events.get(LONG, at + Libc.EPOLL_DATA_OFFSET);
            if (data == WAKE_DATA) {
                wake.drain(scratch);
                continue;
            }
            var r = slots[(int) data];
            if (r == null || r.generation != (int) (data >>> 32)) {
                continue; // cancelled earlier in this batch
            }
            int ops = readyOps(ready, r.interest);
            if (ops != 0) {
                out.add(r.handle, ops);
            }
            if ((r.kernelEvents & ~epollEvents(r.interest)) != 0) {
                r.narrow(); // the kernel still waits for what it no longer wants (level-triggered: it would repeat)
            }
        }
        return out.size();
    }

    /** Adds the sockets registered since the last wait; one the kernel refuses is closed. Owning loop thread. */
    private void addPending() {
        List<Registration> refused = null;
        for (int i = 0, n = pendingAdds.size(); i < n; i++) {
            var r = pendingAdds.get(i);
            if (r.cancelled) {
                continue; // served and closed before this wait: never in the set
            }
            r.pendingAdd = false;
            int wanted = epollEvents(r.interest);
            if (wanted != 0) {
                r.sync(wanted);
                if (r.failed) {
                    LOG.log(System.Logger.Level.WARNING, "epoll_ctl add: " + Libc.describe(scratch.errno())
                            + "; closing " + r.handle);
                    (refused == null ? refused = new ArrayList<>() : refused).add(r);
                }
            }
        }
        pendingAdds.clear();
        if (refused != null) {
            for (var r : refused) {
                r.handle.forceClose();
            }
        }
    }

    /** epoll_wait on {@code epfd}: the count of events, 0 when a signal interrupted it. */
    static int waitOn(NativeScratch s, int epfd, MemorySegment events, int max, int timeout) throws IOException {
        int n = Libc.epollWait(s.state, epfd, events, max, timeout);
        if (n < 0) {
            int e = s.errno();
            if (e == Libc.EINTR) {
                return 0;
            }
            throw new IOException("epoll_wait: " + Libc.describe(e));
        }
        return n;
    }

    /** epoll's bits as {@link IoOps}: an error or hang-up makes every awaited operation ready (it will fail). */
    static int readyOps(int ready, int interest) {
        if ((ready & (Libc.EPOLLERR | Libc.EPOLLHUP)) != 0) {
            return interest;
        }
        int ops = 0;
        if ((ready & (Libc.EPOLLIN | Libc.EPOLLRDHUP)) != 0) {
            ops |= interest & (IoOps.READ | IoOps.ACCEPT);
        }
        if ((ready & Libc.EPOLLOUT) != 0) {
            ops |= interest & IoOps.WRITE;
        }
        return ops;
    }

    static int epollEvents(int ops) {
        int ev = 0;
        if ((ops & (IoOps.READ | IoOps.ACCEPT)) != 0) {
            ev |= Libc.EPOLLIN;
        }
        if ((ops & IoOps.WRITE) != 0) {
            ev |= Libc.EPOLLOUT;
        }
        return ev;
    }

    private int ctl(int op, int fd, int epollEvents, long data) {
        event.set(INT, 0, epollEvents);
        event.set(LONG, Libc.EPOLL_DATA_OFFSET, data);
        return Libc.epollCtl(scratch.state, epfd, op, fd, event);
    }

    @Override
    public void wakeup() {
        wake.wake();
    }

    @Override
    public IoRegistration register(Pollable socket, int interestOps, IoHandle handle) throws IOException {
        int fd = switch (socket) {
            case EpollStreamSocket s -> {
                s.ownedBy(scratch);
                yield s.fd();
            }
            case EpollListenSocket l -> {
                l.ownedBy(scratch);
                yield l.fd();
            }
            default -> throw new IllegalArgumentException("the epoll driver cannot wait on " + socket);
        };
        int slot = freeCount > 0 ? freeSlots[--freeCount] : nextSlot++;
        if (slot == slots.length) {
            slots = Arrays.copyOf(slots, slot * 2);
        }
        var r = new Registration(slot, fd, handle);
        slots[slot] = r;
        if (socket instanceof EpollStreamSocket) {
            r.interest = interestOps;
            r.pendingAdd = true;
            pendingAdds.add(r);
            return r;
        }
        r.interestOps(interestOps);
        if (r.failed) {
            r.cancel();
            throw new IOException("epoll_ctl: " + Libc.describe(scratch.errno()));
        }
        return r;
    }

    @Override
    public void close() {
        if (wake.close(scratch)) {
            Libc.close(scratch.state, epfd);
        }
    }

    /** One socket in the set. Its generation changes on cancel, so stale events are told apart. */
    private final class Registration implements IoRegistration {
        private final int slot;
        private final int fd;
        private final IoHandle handle;
        private final int generation = ++generationCounter;
        private int interest;
        /** The epoll events the kernel's set holds for it (0: not in the set). */
        private int kernelEvents;
        private boolean cancelled;
        private boolean failed;
        /** Registered, not yet added to the kernel's set (see {@link #addPending}). */
        private boolean pendingAdd;

        Registration(int slot, int fd, IoHandle handle) {
            this.slot = slot;
            this.fd = fd;
            this.handle = handle;
        }

        private long data() {
            return ((long) generation << 32) | slot;
        }

        @Override
        public void interestOps(int ops) {
            if (cancelled) {
                return;
            }
            interest = ops;
            if (pendingAdd) {
                return; // added with whatever is wanted then
            }
            int wanted = epollEvents(ops);
            if ((wanted & ~kernelEvents) != 0) {
                sync(wanted); // wider: at once, or the event would never come
            }
        }

        /** The kernel reported events no longer wanted: narrow its set to what is. */
        void narrow() {
            if (!cancelled) {
                sync(epollEvents(interest));
            }
        }

        private void sync(int wanted) {
            int rc;
            if (wanted == 0) {
                rc = ctl(Libc.EPOLL_CTL_DEL, fd, 0, 0);
            } else {
                rc = ctl(kernelEvents == 0 ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_MOD, fd, wanted, data());
            }
            failed = rc < 0;
            if (!failed) {
                kernelEvents = wanted;
            }
        }

        @Override
        public int interestOps() {
            return cancelled ? 0 : interest;
        }

        /** Forgets the socket; its owner closes the descriptor next, which takes it out of the set. */
        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                slots[slot] = null;
                if (freeCount == freeSlots.length) {
                    freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
                }
                freeSlots[freeCount++] = slot;
            }
        }
    }
}
