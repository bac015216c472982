package io.shardloop.transport.internal.sharedepoll;

import io.shardloop.nativeio.Libc;
import io.shardloop.transport.internal.epoll.EpollIoDriver;
import io.shardloop.transport.internal.epoll.NativeScratch;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one epoll instance every thread of a {@link SharedEpollPool} waits on. A connection is added with
 * {@code EPOLLONESHOT}: the kernel reports it to one waiter and then holds it back until the holder of its
 * {@link Turn} re-arms it ({@link IoRegistration#rearm}), so one ready connection never wakes two threads. A
 * listener is added level-triggered with {@code EPOLLEXCLUSIVE} (which cannot be combined with one-shot, and cannot
 * be modified: backing off removes and adds it again). The epoll data is a slot and a generation, as in
 * {@link EpollIoDriver}, so an event for a socket closed meanwhile is dropped, not given to the socket that reused
 * its descriptor number. Thread contract: any thread of the pool; registering and cancelling take a lock, looking
 * an event up does not.
 */
final class SharedEpollSet {
    private static final System.Logger LOG = System.getLogger("io.shardloop.transport");
    static final long WAKE_DATA = -1L;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final int epfd;
    private final ReentrantLock lock = new ReentrantLock();
    /** Written under {@link #lock}; read by any waiter (a replaced array keeps the same entries). */
    private volatile AtomicReferenceArray<Registration> slots = new AtomicReferenceArray<>(64);
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int nextSlot;
    private int generationCounter;

    SharedEpollSet(NativeScratch scratch, int wakeFd) {
        epfd = Libc.epollCreate(scratch.state);
        if (epfd < 0) {
            throw new UncheckedIOException(new IOException("epoll_create1: " + Libc.describe(scratch.errno())));
        }
        // level-triggered and never drained once stopping: every waiter sees the stop
        if (ctl(scratch, Libc.EPOLL_CTL_ADD, wakeFd, Libc.EPOLLIN, WAKE_DATA) < 0) {
            int e = scratch.errno();
            Libc.close(scratch.state, epfd);
            throw new UncheckedIOException(new IOException("epoll_ctl eventfd: " + Libc.describe(e)));
        }
    }

    int fd() {
        return epfd;
    }

    /** Waits for up to {@code max} events into {@code events}; the count, 0 on EINTR. */
    int wait(NativeScratch s, MemorySegment events, int max, int timeoutMillis) throws IOException {
        return EpollIoDriver.waitOn(s, epfd, events, max, timeoutMillis);
    }

    static int readyBits(MemorySegment events, int i) {
        return events.get(INT, i * Libc.EPOLL_EVENT_SIZE);
    }

    static long data(MemorySegment events, int i) {
        return events.get(LONG, i * Libc.EPOLL_EVENT_SIZE + Libc.EPOLL_DATA_OFFSET);
    }

    /** The registration an event's data names, or null if it was cancelled since. */
    Registration lookup(long data) {
        var table = slots;
        int slot = (int) data;
        if (slot < 0 || slot >= table.length()) {
            return null;
        }
        var r = table.get(slot);
        return r == null || r.generation != (int) (data >>> 32) ? null : r;
    }

    Registration register(NativeScratch s, int fd, boolean listener, int interestOps, IoHandle handle)
            throws IOException {
        Registration r;
        lock.lock();
        try {
            int slot = freeCount > 0 ? freeSlots[--freeCount] : nextSlot++;
            var table = slots;
            if (slot == table.length()) {
                var bigger = new AtomicReferenceArray<Registration>(slot * 2);
                for (int i = 0; i < slot; i++) {
                    bigger.set(i, table.get(i));
                }
                slots = bigger;
            }
            r = new Registration(slot, ++generationCounter, fd, listener, handle);
            slots.set(slot, r);
        } finally {
            lock.unlock();
        }
        r.interest = interestOps;
        r.add(s);
        if (r.failed) {
            int e = s.errno();
            r.cancel();
            throw new IOException("epoll_ctl: " + Libc.describe(e));
        }
        return r;
    }

    private void free(int slot) {
        lock.lock();
        try {
            slots.set(slot, null);
            if (freeCount == freeSlots.length) {
                freeSlots = java.util.Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
        } finally {
            lock.unlock();
        }
    }

    private int ctl(NativeScratch s, int op, int fd, int epollEvents, long data) {
        s.epollEvent.set(INT, 0, epollEvents);
        s.epollEvent.set(LONG, Libc.EPOLL_DATA_OFFSET, data);
        return Libc.epollCtl(s.state, epfd, op, fd, s.epollEvent);
    }

    void close(NativeScratch s) {
        Libc.close(s.state, epfd);
    }

    /**
     * One socket in the set. A connection's: its interest is changed by the turn's holder and armed by
     * {@link #rearm}; {@link #fired} is called by the thread that received its event, before it asks for the turn.
     * A listener's: armed for good while accepting, removed while backing off.
     */
    final class Registration implements IoRegistration {
        final IoHandle handle;
        final boolean listener;
        private final int slot;
        private final int generation;
        private final int fd;
        /** Read by the thread an event reaches, to mask the event; written by the holder before it arms. */
        private volatile int interest;
        /** The epoll events armed now (0: none; a one-shot registration disarms itself when it reports). */
        private volatile int armed;
        private volatile boolean cancelled;
        private boolean failed;

        Registration(int slot, int generation, int fd, boolean listener, IoHandle handle) {
            this.slot = slot;
            this.generation = generation;
            this.fd = fd;
            this.listener = listener;
            this.handle = handle;
        }

        private long data() {
            return ((long) generation << 32) | slot;
        }

        private void add(NativeScratch s) {
            int wanted = EpollIoDriver.epollEvents(interest);
            int flags = listener ? Libc.EPOLLEXCLUSIVE : Libc.EPOLLONESHOT;
            armed = wanted;
            failed = wanted != 0 && ctl(s, Libc.EPOLL_CTL_ADD, fd, wanted | flags, data()) < 0;
        }

        /** The ops an event's bits mean for this registration now; a connection's is disarmed by it. */
        int fired(int readyBits) {
            if (!listener) {
                armed = 0;
            }
            return EpollIoDriver.readyOps(readyBits, interest);
        }

        @Override
        public boolean interestOps(int ops) {
            if (cancelled) {
                return true;
            }
            interest = ops;
            if (listener) { // EPOLLEXCLUSIVE cannot be modified: out of the set and back
                var s = SharedEpollThread.scratchHere();
                if (ops == 0 && armed != 0) {
                    ctl(s, Libc.EPOLL_CTL_DEL, fd, 0, 0);
                    armed = 0;
                } else if (ops != 0 && armed == 0) {
                    add(s);
                    if (failed) { // unwatched: its owner tries again and logs (Acceptor)
                        armed = 0;
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public int interestOps() {
            return cancelled ? 0 : interest;
        }

        /**
         * Arms the kernel for the interest ops if it is not armed for exactly them. {@link #armed} is set before the
         * call, so that an event the call lets through (reported at once, to another thread) disarms it after.
         */
        @Override
        public boolean rearm() {
            int wanted = EpollIoDriver.epollEvents(interest);
            if (cancelled || listener || wanted == armed || wanted == 0) {
                return true; // nothing wanted: a one-shot that fired stays disarmed, so a hang-up cannot spin
            }
            armed = wanted;
            var s = SharedEpollThread.scratchHere();
            failed = ctl(s, Libc.EPOLL_CTL_MOD, fd, wanted | Libc.EPOLLONESHOT, data()) < 0;
            if (failed) { // never armed again, the connection would wait forever: its owner closes it
                armed = 0;
                LOG.log(System.Logger.Level.WARNING, "epoll_ctl mod: " + Libc.describe(s.errno()) + "; closing " + handle);
            }
            return !failed;
        }

        /** Forgets the socket; its owner closes the descriptor next, which takes it out of the set. */
        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                free(slot);
            }
        }
    }
}
