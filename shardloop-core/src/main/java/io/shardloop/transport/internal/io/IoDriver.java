package io.shardloop.transport.internal.io;

import java.io.IOException;

/**
 * The I/O half of an event loop (Netty 4.2's IoHandler split): waits for readiness and reports it. The loop
 * (tasks, timers, shutdown) is written against this interface only, so an epoll or io_uring driver can
 * replace {@code NioIoDriver} without touching the models.
 * Thread contract: {@link #wakeup} from any thread; everything else from the owning loop thread.
 */
public interface IoDriver extends AutoCloseable {

    /** How long a hand-off that no event brought waits before a sweep adopts it ({@link #sweepHandOffs}). */
    long HAND_OFF_SWEEP_AGE_NANOS = 50_000_000L;

    /** Blocks up to {@code timeoutMillis} (0 = until ready or woken) and adds ready handles to {@code out}. */
    int select(long timeoutMillis, ReadySet out) throws IOException;

    /** Like {@link #select} without blocking. */
    int selectNow(ReadySet out) throws IOException;

    /** Makes a blocked or the next select return at once. */
    void wakeup();

    /** Waits on {@code socket} (one of this driver's transport) for {@code interestOps}, reporting to {@code handle}. */
    IoRegistration register(Pollable socket, int interestOps, IoHandle handle) throws IOException;

    /**
     * Takes {@code socket}, accepted by the loop of driver {@code from} on that loop's thread, into this driver's set
     * without waking its loop; its first event adopts it here through {@code adopter}. False if this driver cannot
     * (the default): hand it over as a task instead.
     */
    default boolean handIn(StreamSocket socket, SocketAdopter adopter, IoDriver from) {
        return false;
    }

    /** Adopts sockets handed in at least {@code ageNanos} ago that no event brought; true if younger ones wait. */
    default boolean sweepHandOffs(long ageNanos) {
        return false;
    }

    @Override
    void close();
}
