package io.shardloop.model.internal;

import io.shardloop.exec.BusyProbe;
import io.shardloop.transport.internal.EventLoop;

/**
 * An {@link EventLoop} seen by the stall watchdog: busy from the return of select until the next select.
 * Thread contract: any thread (reads the loop's volatile stamp).
 */
record LoopProbe(EventLoop loop) implements BusyProbe {

    @Override
    public String name() {
        return loop.name();
    }

    @Override
    public Kind kind() {
        return Kind.LOOP;
    }

    @Override
    public Thread thread() {
        return loop.thread();
    }

    /** The loop's stamp; 1, its value before the first select (not started yet), counts as idle. */
    @Override
    public long busySinceNanos() {
        long since = loop.busySinceNanos();
        return since == 1 ? 0 : since;
    }
}
