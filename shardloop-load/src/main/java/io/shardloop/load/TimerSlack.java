package io.shardloop.load;

import io.shardloop.nativeio.Libc;
import java.lang.foreign.Arena;

/**
 * Narrows the calling thread's timer slack (Linux rounds a non-real-time thread's timed waits up by 50 µs by
 * default, as much as the gap between two sends at 20k req/s). Called once by each load thread for itself.
 */
final class TimerSlack {

    /** What a rate-mode loop asks for: late by at most this much beyond the wait itself. */
    static final long LOOP_NANOS = 1_000;

    private TimerSlack() {
    }

    /** Sets the calling thread's slack; false where it cannot (not Linux, no native access). */
    static boolean setForThisThread(long nanos) {
        if (!Libc.AVAILABLE) {
            return false;
        }
        try (var arena = Arena.ofConfined()) {
            return Libc.prctl(Libc.CallState.allocate(arena), Libc.PR_SET_TIMERSLACK, nanos, 0, 0, 0) == 0;
        }
    }
}
