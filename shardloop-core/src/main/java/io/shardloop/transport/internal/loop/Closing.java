package io.shardloop.transport.internal.loop;

import io.shardloop.transport.internal.io.IoOps;
import io.shardloop.transport.internal.io.Linger;
import java.io.IOException;

/**
 * How one {@link Connection} ends: the orderly close once its replies are written, the lingering close (FIN, then
 * read and drop until the peer closes, within {@link Linger}'s bounds), a graceful drain, and the close itself,
 * which gives back everything the connection holds. Moves the connection's {@link ConnectionState} to its last
 * states. Static, over the connection's fields, so that a connection costs no extra object (short connections make
 * one per request). Thread contract: the thread serving the connection ({@link #close} checks it, always).
 */
final class Closing {
    private Closing() {
    }

    /** The replies owed are written: FIN and linger, or close. */
    static void finish(Connection<?, ?> c) {
        c.counters.inc(LoopCounters.ORDERLY_CLOSES);
        if (c.state == ConnectionState.CLOSING_THEN_LINGER) {
            linger(c);
        } else {
            close(c, false);
        }
    }

    /** FIN after the last reply, then read and drop until the peer closes (see {@link Linger}). */
    private static void linger(Connection<?, ?> c) {
        try {
            c.socket.shutdownOutput();
        } catch (IOException e) {
            close(c, false);
            return;
        }
        c.state = ConnectionState.LINGERING;
        c.deadlines.lingerFor(System.nanoTime(), Linger.MAX_NANOS);
        c.in.release();
        c.setInterest(IoOps.WRITE, false);
        c.setInterest(IoOps.READ, true);
        if (c.timer == null) {
            c.timer = c.host.newTimer(c.owner.timerTask(c));
        }
        c.host.arm(c.timer, Linger.MAX_NANOS);
    }

    /** A read while lingering: drops what came, and closes at the peer's end or past the byte bound. */
    static void drop(Connection<?, ?> c) {
        var shared = c.host.sharedReadBuffer();
        int n;
        try {
            n = c.socket.read(shared);
        } catch (IOException e) {
            n = -1;
        }
        shared.clear();
        c.lingerDropped += Math.max(0, n);
        if (n < 0 || c.lingerDropped >= Linger.MAX_BYTES) {
            close(c, false);
        }
    }

    /** The linger's timer at {@code now}: closes past the time bound, else looks again then. */
    static void lingerTimer(Connection<?, ?> c, long now) {
        long left = c.deadlines.lingerLeft(now);
        if (left <= 0) {
            close(c, false);
        } else {
            c.host.arm(c.timer, left);
        }
    }

    /** Graceful stop: read no more, finish the replies owed, then close. */
    static void drain(Connection<?, ?> c) {
        switch (c.state) {
            case CLOSED -> {
            }
            case LINGERING -> close(c, false); // shutting down: no more waiting for the peer
            default -> {
                c.state = c.state.takeNoMore();
                c.in.release();
                c.setInterest(IoOps.READ, false);
                c.maybeFinish();
            }
        }
    }

    /** Closes now; {@code abort} sends RST (SO_LINGER 0) instead of FIN. */
    static void close(Connection<?, ?> c, boolean abort) {
        c.owner.assertServing();
        if (c.state == ConnectionState.CLOSED) {
            return;
        }
        c.state = ConnectionState.CLOSED;
        if (abort) {
            c.counters.inc(LoopCounters.ABORTS);
            c.socket.resetOnClose();
        }
        if (c.readPaused) {
            c.readPaused = false;
            c.counters.add(LoopCounters.READ_PAUSED_NOW, -1);
        }
        if (c.timer != null) {
            c.host.disarm(c.timer);
        }
        c.registration.cancel();
        c.socket.close();
        c.in.release();
        c.out.releaseAll();
        c.host.unregistered(c.owner.eventTarget(c));
        c.host.connectionClosed();
        c.limit.release();
    }
}
