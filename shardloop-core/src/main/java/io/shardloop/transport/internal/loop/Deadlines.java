package io.shardloop.transport.internal.loop;

import io.shardloop.transport.TransportConfig;

/**
 * The clocks behind one connection's single timer: the idle timeout (nothing read or written), the partial-message
 * timeout (the codec holds an incomplete message; HTTP's header timeout) and the end of a lingering close.
 * Thread contract: the owning loop thread only.
 */
final class Deadlines {
    private final long idle;
    private final long partial;
    private long lastActivity;
    private long partialSince;
    private long lingerEnd;

    Deadlines(TransportConfig config, long now) {
        this.idle = config.idleTimeout().toNanos();
        this.partial = config.partialMessageTimeout().toNanos();
        this.lastActivity = now;
    }

    /** How often the timer must look, or 0 when no timeout is configured. */
    long period() {
        if (idle == 0) {
            return partial;
        }
        return partial == 0 ? idle : Math.min(idle, partial);
    }

    void activity(long now) {
        lastActivity = now;
    }

    /** After a decode: the partial-message clock starts with the first byte of a message and stops at its end. */
    void partialMessage(boolean held) {
        if (partial == 0) {
            return;
        }
        if (!held) {
            partialSince = 0;
        } else if (partialSince == 0) {
            partialSince = lastActivity;
        }
    }

    /** Reading resumed after backpressure: the wait was the server's, so the partial message's clock restarts. */
    void readingResumed(long now) {
        if (partialSince != 0) {
            partialSince = now;
        }
    }

    boolean partialExpired(long now) {
        return partial > 0 && partialSince != 0 && now - partialSince >= partial;
    }

    /** The timer's next look after a partial-message timeout (the reply still has to leave). */
    long afterPartial() {
        return Math.max(idle, partial);
    }

    boolean idleExpired(long now) {
        return idle > 0 && now - lastActivity >= idle;
    }

    /** Delay to the timer's next look. */
    long next(long now) {
        long next = period();
        if (idle > 0) {
            next = Math.min(next, Math.max(1_000_000, idle - (now - lastActivity)));
        }
        return next;
    }

    void lingerFor(long now, long nanos) {
        lingerEnd = now + nanos;
    }

    /** Nanoseconds left of the lingering close (<= 0: over). */
    long lingerLeft(long now) {
        return lingerEnd - now;
    }
}
