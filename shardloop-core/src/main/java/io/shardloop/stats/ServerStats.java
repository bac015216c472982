package io.shardloop.stats;

import java.util.List;

/**
 * A snapshot of a running server: its loops and, on worker models, its executor (null otherwise).
 * Connection-thread models report connections and messages in {@code connectionThreads}. {@code transport} is
 * the one that runs ({@code epoll} or {@code nio}); {@code tls} the handshake counters of a TLS server (null: plaintext).
 */
public record ServerStats(
        String model,
        long uptimeNanos,
        List<LoopStats> loops,
        ExecutorStats executor,
        long connectionThreadsCreated,
        long connectionsActive,
        long messages,
        String transport,
        TlsStats tls) {

    /** A plaintext server's snapshot. */
    public ServerStats(String model, long uptimeNanos, List<LoopStats> loops, ExecutorStats executor,
                       long connectionThreadsCreated, long connectionsActive, long messages, String transport) {
        this(model, uptimeNanos, loops, executor, connectionThreadsCreated, connectionsActive, messages, transport, null);
    }
}
