package io.shardloop.transport.internal.loop;

import io.shardloop.transport.internal.buffer.BufferPool;
import io.shardloop.transport.internal.io.IoHandle;
import io.shardloop.transport.internal.io.IoRegistration;
import io.shardloop.transport.internal.io.Pollable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What an {@link Acceptor} or a {@link Connection} needs from the thread that serves it: an {@link EventLoop}, or
 * for {@code shared-epoll} a {@code SharedEpollPool} (its registrations and timers) or one of its threads.
 * Thread contract: {@link #execute} from any thread; the rest from the serving thread ({@link #assertIn}).
 */
public interface LoopHost extends BufferPool.Owner {

    String name();

    /** Throws unless the caller may act for this host (its loop thread, or a thread of its pool). */
    @Override
    void assertIn();

    LoopCounters counters();

    IoRegistration register(Pollable socket, int ops, IoHandle handle) throws IOException;

    void unregistered(IoHandle handle);

    /** Runs {@code task} on this host later (on shared-epoll: on any of its threads). Any thread. */
    void execute(Runnable task);

    ScheduledTask schedule(Runnable task, long delay, TimeUnit unit);

    ScheduledTask newTimer(Runnable task);

    void arm(ScheduledTask t, long delayNanos);

    void disarm(ScheduledTask t);
}
