package io.shardloop.transport.internal.loop;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What a loop does when its wait for events fails (epoll_wait's ENOMEM, EFAULT; a selector's error): it backs off,
 * 1 ms doubling to 100 ms, and waits again, so that a passing shortage costs a pause and not the loop with every
 * connection on it; one log line when an episode begins and one when it ends, however long it lasts.
 * Thread contract: the loop's (or pool thread's) own thread.
 */
public final class WaitFailures {
    private static final System.Logger LOG = System.getLogger("io.shardloop.transport");
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private long inARow;
    private long backoffNanos = FIRST_BACKOFF_NANOS;

    public WaitFailures(String name) {
        this.name = name;
    }

    /** A wait failed with {@code e}: counted, logged if it begins an episode, then the back-off is slept. */
    public void failed(IOException e, LoopCounters counters) {
        counters.inc(LoopCounters.WAIT_FAILURES);
        if (inARow++ == 0) {
            LOG.log(System.Logger.Level.WARNING, name + ": " + e.getMessage() + "; waiting again after a back-off");
        }
        long sleep = backoffNanos;
        backoffNanos = Math.min(MAX_BACKOFF_NANOS, 2 * backoffNanos);
        try {
            TimeUnit.NANOSECONDS.sleep(sleep);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt(); // the loop's own stop check follows
        }
    }

    /** A wait worked: ends an episode, if one was going on. */
    public void succeeded() {
        if (inARow != 0) {
            LOG.log(System.Logger.Level.WARNING, name + ": waiting works again after " + inARow + " failed wait(s)");
            inARow = 0;
            backoffNanos = FIRST_BACKOFF_NANOS;
        }
    }
}
