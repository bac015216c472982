package io.shardloop.transport.internal.epoll;

import io.shardloop.nativeio.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A non-blocking eventfd that wakes an epoll waiter. A wake-up racing with {@link #close} never writes to the
 * descriptor number after it is closed (it may already belong to a client's socket).
 * Thread contract: {@link #wake} from any thread; {@link #drain} and {@link #close} from the waiting side.
 */
public final class WakeFd {
    /** Automatic: a wake-up racing with close may still be in a call that reads {@link #one}. */
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment one = arena.allocate(8, 8);
    private final MemorySegment drained = arena.allocate(8, 8);
    private final int fd;
    private final OpenGuard guard = new OpenGuard();

    public WakeFd(NativeScratch scratch) {
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        fd = Libc.eventfd(scratch.state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (fd < 0) {
            throw new UncheckedIOException(new IOException("eventfd: " + Libc.describe(scratch.errno())));
        }
    }

    public int fd() {
        return fd;
    }

    public void wake() {
        if (guard.enter()) {
            Libc.writeIgnoringErrno(fd, one, 8);
        }
        guard.exit();
    }

    /** Resets the count to zero, so that a level-triggered waiter is not woken again for it. */
    public void drain(NativeScratch scratch) {
        Libc.read(scratch.state, fd, drained, 8);
    }

    /** Closes once no wake-up is in flight; false if it was closed already. */
    public boolean close(NativeScratch scratch) {
        if (!guard.close()) {
            return false;
        }
        Libc.close(scratch.state, fd);
        return true;
    }
}
