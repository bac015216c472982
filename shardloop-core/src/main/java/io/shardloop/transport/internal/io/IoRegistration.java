package io.shardloop.transport.internal.io;

/** A channel's registration with an {@link IoDriver}. Thread contract: the owning loop thread only. */
public interface IoRegistration {

    /**
     * Changes what the channel is watched for. False when the kernel refused the change (epoll_ctl: ENOMEM,
     * ENOSPC): a connection is then closed by its driver between two waits; a listener stays unwatched until its
     * owner tries again ({@link io.shardloop.transport.internal.loop.Acceptor}).
     */
    boolean interestOps(int ops);

    int interestOps();

    /**
     * Arms the registration again for its interest ops after a turn (shared-epoll's {@code EPOLLONESHOT}, which
     * reports once and then waits to be re-armed). Others report continuously and need nothing. False when the
     * kernel refused (the driver logs why): the channel would wait forever, so its owner closes it.
     */
    default boolean rearm() {
        return true;
    }

    /** Deregisters; the channel itself is closed by its owner. */
    void cancel();
}
