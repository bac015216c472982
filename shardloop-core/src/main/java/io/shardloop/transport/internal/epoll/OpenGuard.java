package io.shardloop.transport.internal.epoll;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a descriptor open while other threads use it: a user {@link #enter}s, calls, and {@link #exit}s; the owner's
 * {@link #close} waits for the users in flight and refuses later ones, so that no call reaches the descriptor number
 * after it is closed (it may already belong to a client's socket).
 * Thread contract: {@link #enter} and {@link #exit} from any thread; {@link #close} from the owner.
 */
final class OpenGuard {
    /** Users in flight while >= 0; {@link Integer#MIN_VALUE} (and below) once closed. */
    private final AtomicInteger users = new AtomicInteger();

    /** True if the descriptor is open and stays open until {@link #exit}; call {@link #exit} either way. */
    boolean enter() {
        return users.incrementAndGet() > 0;
    }

    void exit() {
        users.decrementAndGet();
    }

    /** Marks it closed once no user is in flight; false if it was closed already. The caller closes it then. */
    boolean close() {
        while (!users.compareAndSet(0, Integer.MIN_VALUE)) {
            if (users.get() < 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    boolean isClosed() {
        return users.get() < 0;
    }
}
