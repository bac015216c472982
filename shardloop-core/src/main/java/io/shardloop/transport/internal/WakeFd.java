package io.shardloop.transport.internal;

import io.shardloop.nativeio.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking eventfd that wakes an epoll waiter. A wake-up racing with {@link #close} never writes to the
 * descriptor number after it is closed (it may already belong to a client's socket).
 * Thread contract: {@link #wake} from any thread; {@link #drain} and {@link #close} from the waiting side.
 */
final class WakeFd {
    /** Automatic: a wake-up racing with close may still be in a call that reads {@link #one}. */
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment one = arena.allocate(8, 8);
    private final MemorySegment drained = arena.allocate(8, 8);
    private final int fd;
    /** Wake-ups in flight while >= 0; {@link Integer#MIN_VALUE} (and below) once closed. */
    private final AtomicInteger wakers = new AtomicInteger();

    WakeFd(NativeScratch scratch) {
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        fd = Libc.eventfd(scratch.state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (fd < 0) {
            throw new UncheckedIOException(new IOException("eventfd: " + Libc.describe(scratch.errno())));
        }
    }

    int fd() {
        return fd;
    }

    void wake() {
        if (wakers.incrementAndGet() > 0) {
            Libc.writeIgnoringErrno(fd, one, 8);
        }
        wakers.decrementAndGet();
    }

    /** Resets the count to zero, so that a level-triggered waiter is not woken again for it. */
    void drain(NativeScratch scratch) {
        Libc.read(scratch.state, fd, drained, 8);
    }

    /** Closes once no wake-up is in flight; false if it was closed already. */
    boolean close(NativeScratch scratch) {
        while (!wakers.compareAndSet(0, Integer.MIN_VALUE)) {
            if (wakers.get() < 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        Libc.close(scratch.state, fd);
        return true;
    }
}
