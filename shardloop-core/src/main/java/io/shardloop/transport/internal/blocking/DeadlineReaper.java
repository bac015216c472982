package io.shardloop.transport.internal.blocking;

import io.shardloop.transport.TransportConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the read deadlines of {@link BlockingConnection}s: the idle timeout and a partial message's timeout
 * (HTTP: 408 for a slow header). Their reads block without a timeout because a timed read costs a virtual thread a
 * timer registration and a wake-up of the scheduler's timer thread on every read (measured: one extra context
 * switch per request, about half its CPU). So one platform thread ({@code shardloop-reaper}) looks at every
 * connection eight times per shortest timeout and ends the reads that are past a deadline; the connection's own
 * thread then answers (408) or closes. A deadline is enforced up to an eighth of its timeout late (at least 10 ms,
 * at most 1 s). Thread contract: {@link #close} from any thread; the rest runs on the reaper's thread.
 */
public final class DeadlineReaper implements AutoCloseable {
    private final long idleNanos;
    private final long partialNanos;
    private final long tickMillis;
    private final Iterable<? extends BlockingConnection<?, ?>> connections;
    private final Thread thread;
    private volatile boolean closed;

    private DeadlineReaper(TransportConfig config, Iterable<? extends BlockingConnection<?, ?>> connections) {
        this.idleNanos = config.idleTimeout().toNanos();
        this.partialNanos = config.partialMessageTimeout().toNanos();
        long shortest = idleNanos == 0 ? partialNanos
                : partialNanos == 0 ? idleNanos : Math.min(idleNanos, partialNanos);
        this.tickMillis = Math.clamp(TimeUnit.NANOSECONDS.toMillis(shortest) / 8, 10, 1_000);
        this.connections = connections;
        this.thread = Thread.ofPlatform().name("shardloop-reaper").daemon().unstarted(this::run);
    }

    /**
     * Starts a reaper over a live view of the open connections, or returns null when neither timeout is set.
     * The view must tolerate iteration while connections come and go.
     */
    public static DeadlineReaper start(TransportConfig config,
                                       Iterable<? extends BlockingConnection<?, ?>> connections) {
        if (config.idleTimeout().equals(Duration.ZERO) && config.partialMessageTimeout().equals(Duration.ZERO)) {
            return null;
        }
        var reaper = new DeadlineReaper(config, connections);
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
                c.endReadIfPastDeadline(now, idleNanos, partialNanos);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
