package io.shardloop.transport;

/** A channel's registration with an {@link IoDriver}. Thread contract: the owning loop thread only. */
public interface IoRegistration {

    void interestOps(int ops);

    int interestOps();

    /** Deregisters; the channel itself is closed by its owner. */
    void cancel();
}
