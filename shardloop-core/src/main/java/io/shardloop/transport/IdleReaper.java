package io.shardloop.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the idle timeout of {@link BlockingConnection}s. Their reads block without a timeout because a timed
 * read costs a virtual thread a timer registration and a wake-up of the scheduler's timer thread on every
 * request (measured: one extra context switch per request, about half its CPU). So one platform thread
 * ({@code shardloop-idle}) looks at every connection a few times per timeout and ends the reads that have waited
 * too long. A connection closes between {@code idle} and {@code idle + idle / 8} (at least 10 ms late at most).
 * Thread contract: {@link #close} from any thread; the rest runs on the reaper's thread.
 */
public final class IdleReaper implements AutoCloseable {
    private final long idleNanos;
    private final long tickMillis;
    private final Iterable<? extends BlockingConnection<?, ?>> connections;
    private final Thread thread;
    private volatile boolean closed;

    private IdleReaper(Duration idle, Iterable<? extends BlockingConnection<?, ?>> connections) {
        this.idleNanos = idle.toNanos();
        this.tickMillis = Math.clamp(idle.toMillis() / 8, 10, 1_000);
        this.connections = connections;
        this.thread = Thread.ofPlatform().name("shardloop-idle").daemon().unstarted(this::run);
    }

    /**
     * Starts a reaper over a live view of the open connections, or returns null when {@code idle} is zero
     * (no idle timeout). The view must tolerate iteration while connections come and go.
     */
    public static IdleReaper start(Duration idle, Iterable<? extends BlockingConnection<?, ?>> connections) {
        if (!idle.isPositive()) {
            return null;
        }
        var reaper = new IdleReaper(idle, connections);
        reaper.thread.start();
        return reaper;
    }

    private void run() {
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (var c : connections) {
                c.closeIfIdle(now, idleNanos);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
