package io.shardloop.transport.internal.epoll;

import io.shardloop.nativeio.Libc;
import io.shardloop.transport.internal.io.IoDriver;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.Pollable;
import io.shardloop.transport.internal.io.ReadySet;
import io.shardloop.transport.internal.io.SocketAdopter;
import io.shardloop.transport.internal.io.StreamSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;

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
 * registration already cancelled is dropped. Another loop may add a socket to the set itself ({@link #handIn},
 * main-sub's hand-off): its data then names a cell of {@link EpollHandOff} instead, and its first event adopts it.
 * Thread contract: {@link #wakeup} from any thread, {@link #handIn} from the handing loop's; everything else from the
 * owning loop thread.
 */
public final class EpollIoDriver implements IoDriver {
    private static final System.Logger LOG = System.getLogger("io.shardloop.transport");
    private static final int MAX_EVENTS = 512;
    private static final long WAKE_DATA = -1L;
    private static final int GENERATIONS = (1 << 30) - 1;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final NativeScratch scratch = new NativeScratch();
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment events = arena.allocate(Libc.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
    private final MemorySegment event = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
    private final int epfd;
    private final WakeFd wake;
    /** Held by a {@link #handIn} from another thread, so that {@link #close} does not close the set under it. */
    private final OpenGuard handIns = new OpenGuard();
    private final EpollHandOff handOff = new EpollHandOff(this::adopt, scratch);
    /** The registrations of adopted hand-offs, by cell (their events carry the cell, not a slot). */
    private final Registration[] handedSlots = new Registration[EpollHandOff.CELLS];
    private Registration[] slots = new Registration[64];
    /** Sockets registered since the last wait, added to the kernel's set just before the next. */
    private final ArrayList<Registration> pendingAdds = new ArrayList<>();
    /** Sockets whose change of the kernel's set failed since the last wait, closed just before the next. */
    private final ArrayList<Registration> refused = new ArrayList<>();
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
        if (!refused.isEmpty()) {
            closeRefused();
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
            Registration r;
            if ((data & EpollHandOff.HANDED) != 0) {
                r = handedSlots[(int) data];
                if (r == null || r.generation != EpollHandOff.generation(data)) {
                    var h = handOff.arrived(data); // the first event of a socket another loop added
                    if (h != null) {
                        out.add(h, IoOps.READ);
                    }
                    continue;
                }
            } else {
                r = slots[(int) data];
                if (r == null || r.generation != (int) (data >>> 32)) {
                    continue; // cancelled earlier in this batch
                }
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
        for (int i = 0, n = pendingAdds.size(); i < n; i++) {
            var r = pendingAdds.get(i);
            if (r.cancelled) {
                continue; // served and closed before this wait: never in the set
            }
            r.pendingAdd = false;
            int wanted = epollEvents(r.interest);
            if (wanted != 0) {
                r.sync(wanted);
            }
        }
        pendingAdds.clear();
    }

    /** epoll_wait on {@code epfd}: the count of events, 0 when a signal interrupted it. */
    public static int waitOn(NativeScratch s, int epfd, MemorySegment events, int max, int timeout) throws IOException {
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
    public static int readyOps(int ready, int interest) {
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

    public static int epollEvents(int ops) {
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

    /**
     * Adds {@code socket}, accepted on {@code from}'s thread, to this set and leaves it for this loop to adopt through
     * {@code adopter} at its first event; false if it could not (no cell free nearby, the add failed, this driver
     * closed): the caller hands it over as a task then. The handing loop's thread.
     */
    @Override
    public boolean handIn(StreamSocket socket, SocketAdopter adopter, IoDriver from) {
        if (!(socket instanceof EpollStreamSocket s) || !(from instanceof EpollIoDriver src)) {
            return false;
        }
        try {
            if (!handIns.enter()) {
                return false;
            }
            var h = handOff.claim(s, adopter);
            if (h == null) {
                return false;
            }
            var ev = src.scratch.epollEvent;
            ev.set(INT, 0, Libc.EPOLLIN);
            ev.set(LONG, Libc.EPOLL_DATA_OFFSET, h.data());
            if (Libc.epollCtl(src.scratch.state, epfd, Libc.EPOLL_CTL_ADD, s.fd(), ev) < 0) {
                handOff.withdraw(h);
                return false;
            }
            h.added();
            return true;
        } finally {
            handIns.exit();
        }
    }

    @Override
    public boolean sweepHandOffs(long ageNanos) {
        return handOff.sweep(ageNanos, false);
    }

    /** A hand-off's first event (or a sweep): the socket becomes this loop's through its adopter. */
    private void adopt(EpollHandOff.Handed h) {
        var s = h.socket;
        s.handedIn(h);
        try {
            h.adopter.adopt(s); // its register finds the socket in the set already
        } finally {
            if (s.handedIn() == h) { // not registered (a draining loop closed it, or the adopter failed)
                s.handedIn(null);
                s.close(); // open and unregistered in a level-triggered set, it would report forever
                handOff.release(h.cell);
            }
        }
    }

    /**
     * Closes the sockets whose change of the kernel's set failed ({@link Registration#sync}): deaf to what it wants,
     * or, level-triggered, reporting what it no longer wants forever, such a socket has no way on. Between two
     * waits, so that no caller of {@link Registration#interestOps} is closed under its own feet.
     */
    private void closeRefused() {
        var closing = new ArrayList<>(refused);
        refused.clear();
        for (var r : closing) {
            if (!r.cancelled) {
                r.handle.registrationFailed();
            }
        }
    }

    @Override
    public IoRegistration register(Pollable socket, int interestOps, IoHandle handle) throws IOException {
        if (socket instanceof EpollStreamSocket s && s.handedIn() != null) {
            return registerHanded(s, interestOps, handle);
        }
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
        generationCounter = (generationCounter + 1) & GENERATIONS; // never into the hand-off mark's bit
        var r = new Registration(slot, fd, handle, generationCounter, -1);
        slots[slot] = r;
        if (socket instanceof EpollStreamSocket) {
            r.interest = interestOps;
            r.pendingAdd = true;
            r.live = true;
            pendingAdds.add(r);
            return r;
        }
        r.listener = true;
        r.interestOps(interestOps);
        if (r.failed) {
            r.cancel();
            throw new IOException("epoll_ctl: " + Libc.describe(scratch.errno()));
        }
        r.live = true;
        return r;
    }

    /** A socket another loop added with the data of its cell, which it keeps: in the set already, for reading. */
    private IoRegistration registerHanded(EpollStreamSocket s, int interestOps, IoHandle handle) {
        var h = s.handedIn();
        s.handedIn(null);
        var r = new Registration(-1, s.fd(), handle, h.generation, h.cell);
        r.kernelEvents = Libc.EPOLLIN;
        handedSlots[h.cell] = r;
        r.live = true;
        r.interestOps(interestOps);
        return r;
    }

    @Override
    public void close() {
        if (!handIns.close()) {
            return;
        }
        handOff.sweep(0, true); // handed in and never adopted: closed, their slots given back
        if (wake.close(scratch)) {
            Libc.close(scratch.state, epfd);
        }
    }

    /** One socket in the set. Its generation changes on cancel, so stale events are told apart. */
    private final class Registration implements IoRegistration {
        private final int slot;
        private final int fd;
        private final IoHandle handle;
        private final int generation;
        /** The hand-off cell whose data its events carry, or -1 for a socket registered here. */
        private final int handedCell;
        private int interest;
        /** The epoll events the kernel's set holds for it (0: not in the set). */
        private int kernelEvents;
        private boolean cancelled;
        private boolean failed;
        /** Registered, not yet added to the kernel's set (see {@link #addPending}). */
        private boolean pendingAdd;
        /** Returned to its owner: a failure from then on closes it ({@link #closeRefused}), not its register. */
        private boolean live;
        private boolean listener;

        Registration(int slot, int fd, IoHandle handle, int generation, int handedCell) {
            this.slot = slot;
            this.fd = fd;
            this.handle = handle;
            this.generation = generation;
            this.handedCell = handedCell;
        }

        private long data() {
            return handedCell >= 0 ? EpollHandOff.data(generation, handedCell) : ((long) generation << 32) | slot;
        }

        @Override
        public boolean interestOps(int ops) {
            if (cancelled) {
                return true;
            }
            interest = ops;
            if (pendingAdd) {
                return true; // added with whatever is wanted then
            }
            int wanted = epollEvents(ops);
            if ((wanted & ~kernelEvents) != 0) {
                sync(wanted); // wider: at once, or the event would never come
                return !failed;
            }
            return true;
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
            } else if (live && !listener) { // a listener's owner retries and logs (Acceptor)
                LOG.log(System.Logger.Level.WARNING, "epoll_ctl " + (wanted == 0 ? "del" : kernelEvents == 0 ? "add" : "mod")
                        + ": " + Libc.describe(scratch.errno()) + "; closing " + handle);
                refused.add(this);
            }
        }

        @Override
        public int interestOps() {
            return cancelled ? 0 : interest;
        }

        /** Forgets the socket; its owner closes the descriptor next, which takes it out of the set. */
        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            if (handedCell >= 0) {
                handedSlots[handedCell] = null;
                handOff.release(handedCell);
                return;
            }
            slots[slot] = null;
            if (freeCount == freeSlots.length) {
                freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
        }
    }
}
