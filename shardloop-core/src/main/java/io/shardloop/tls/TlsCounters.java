package io.shardloop.tls;

import io.shardloop.stats.TlsStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Handshake counters of one server, bumped by every loop and connection thread. Thread contract: any thread.
 */
public final class TlsCounters {
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder handshakeNanos = new LongAdder();
    private final LongAdder taskNanos = new LongAdder();

    public void completed(long nanos, boolean wasResumed) {
        handshakes.increment();
        handshakeNanos.add(nanos);
        if (wasResumed) {
            resumed.increment();
        }
    }

    public void failed() {
        failed.increment();
    }

    public void taskTime(long nanos) {
        taskNanos.add(nanos);
    }

    public TlsStats snapshot(TlsHandshake mode) {
        return new TlsStats(handshakes.sum(), resumed.sum(), failed.sum(), handshakeNanos.sum(), taskNanos.sum(),
                mode.cliName());
    }
}
