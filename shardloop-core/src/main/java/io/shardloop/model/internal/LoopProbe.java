package io.shardloop.model.internal;

import io.shardloop.exec.BusyProbe;
import io.shardloop.transport.internal.loop.EventLoop;
import java.util.function.LongSupplier;

/**
 * A loop thread seen by the stall watchdog, busy from its return from select (or epoll_wait) until its next: an
 * {@link EventLoop}, or a shared-epoll pool thread. Thread contract: any thread ({@code stamp} reads the loop's
 * volatile stamp).
 */
record LoopProbe(Thread thread, LongSupplier stamp) implements BusyProbe {

    LoopProbe(EventLoop loop) {
        this(loop.thread(), loop::busySinceNanos);
    }

    @Override
    public String name() {
        return thread.getName();
    }

    @Override
    public Kind kind() {
        return Kind.LOOP;
    }

    /** The loop's stamp; 1, its value before the first select (not started yet), counts as idle. */
    @Override
    public long busySinceNanos() {
        long since = stamp.getAsLong();
        return since == 1 ? 0 : since;
    }
}
