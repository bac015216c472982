package io.shardloop.exec;

/**
 * A thread the stall watchdog watches: an event loop (busy from the return of select until it selects again)
 * or an executor worker (busy while it runs a task). Thread contract: {@link #busySinceNanos} is a volatile
 * read from any thread; the watched thread alone writes it.
 */
public interface BusyProbe {

    /** The watched thread's name, e.g. {@code shardloop-loop-2}. */
    String name();

    /** {@code loop} or {@code worker}: chooses the threshold. */
    Kind kind();

    /** The watched thread, for its stack; null if it has not started. */
    Thread thread();

    /** {@link System#nanoTime()} when the thread last became busy, or 0 while it is idle (in select, or waiting for a task). */
    long busySinceNanos();

    enum Kind { LOOP, WORKER }
}
