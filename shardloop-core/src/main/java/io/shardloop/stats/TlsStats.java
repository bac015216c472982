package io.shardloop.stats;

/**
 * TLS counters of one server since it started (null in {@link ServerStats} when the server serves plaintext).
 *
 * @param handshakes      handshakes completed (full and resumed)
 * @param resumed         of those, the ones that resumed an earlier session (no certificate, no signature)
 * @param failed          handshakes that ended without completing: a bad or foreign first flight, a peer that
 *                        stopped or timed out, a refused renegotiation
 * @param handshakeNanos  wall time from the first byte read to the handshake's end, summed over completed ones
 * @param taskNanos       CPU-heavy work of the handshakes (the engine's delegated tasks), wherever it ran
 * @param handshakeMode   where the delegated tasks run: {@code loop} or {@code workers}
 */
public record TlsStats(long handshakes, long resumed, long failed, long handshakeNanos, long taskNanos,
                       String handshakeMode) {
}
