package io.shardloop.model.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A server's shutdown, run once: the first caller does the work, later and concurrent callers wait for it and get
 * its result. Thread contract: any thread.
 */
final class ShutdownOnce {
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean clean;

    /** Runs {@code work} if no one has; returns whether the shutdown was clean (false if interrupted waiting). */
    boolean run(BooleanSupplier work) {
        if (!started.compareAndSet(false, true)) {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return clean;
        }
        try {
            clean = work.getAsBoolean();
        } finally {
            done.countDown();
        }
        return clean;
    }

    boolean started() {
        return started.get();
    }

    void await() throws InterruptedException {
        done.await();
    }
}
