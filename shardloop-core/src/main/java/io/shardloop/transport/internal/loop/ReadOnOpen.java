package io.shardloop.transport.internal.loop;

import io.shardloop.transport.internal.io.StreamSocket;

/**
 * Whether a loop's new connections read once before their first readiness event ({@link StreamSocket#readsOnOpen}),
 * decided by how often that read has found the request lately. A hit saves an epoll_ctl and a trip through the
 * loop; a miss costs one read that returns nothing (EAGAIN), so it pays only above about one hit in three, which
 * depends on the client: one that sends its request with its handshake's last ACK (or a listener with
 * {@code TCP_DEFER_ACCEPT}) hits nearly always, one that connects and then thinks rarely does. Below the rate the
 * loop still tries one connection in {@value #PROBE_EVERY}, to notice when the clients change.
 * Thread contract: the owning loop's thread only.
 */
public final class ReadOnOpen {
    /** Hit rate in 1/1024, an exponential average over about the last {@code 2^SHIFT} tries. */
    private static final int SHIFT = 5;
    private static final int ONE = 1024;
    private static final int MIN_RATE = ONE / 3;
    static final int PROBE_EVERY = 16;

    private int rate = ONE;
    private int skipped;

    /** Whether the next new connection should read before its first event. */
    boolean shouldTry() {
        if (rate >= MIN_RATE || ++skipped >= PROBE_EVERY) {
            skipped = 0;
            return true;
        }
        return false;
    }

    /** What the try found: {@code hit} when the read returned bytes or the end of the stream. */
    void result(boolean hit) {
        rate += ((hit ? ONE : 0) - rate) >> SHIFT;
    }

    /** The recent hit rate, 0 to 1. */
    double hitRate() {
        return rate / (double) ONE;
    }
}
