package io.shardloop.transport.internal.loop;

import io.shardloop.transport.internal.io.IoHandle;

/**
 * Who holds the right to touch a {@link Connection}, and how work from elsewhere reaches it: on the loop models the
 * loop that owns it for life (its host), on {@code shared-epoll} the connection's turn, taken by whichever pool thread
 * serves it. Thread contract: {@link #runServing} and {@link #runLater} from any thread; the rest by the serving
 * thread.
 */
public interface ConnectionOwner {

    /** Throws unless the calling thread may touch the connection now. Always runs (not a JVM assert). */
    void assertServing();

    /** Runs {@code task} with the right to serve: now if the caller has it (or can take it), else later. */
    void runServing(Runnable task);

    /** Runs {@code task} with the right to serve, never within the caller (a reply that must not re-enter decode). */
    void runLater(Runnable task);

    /** What the driver reports {@code c}'s readiness to. */
    IoHandle eventTarget(Connection<?, ?> c);

    /** What {@code c}'s timer runs when it fires (on shared-epoll on any pool thread, so through the turn). */
    Runnable timerTask(Connection<?, ?> c);
}
