package io.shardloop.load;

import org.HdrHistogram.Histogram;

/**
 * One loop thread's measurements: latency histograms (µs, 3 significant digits), counters and the per-second
 * timeline. Written only by its loop thread without locks; read by the coordinating thread after the loop ended,
 * except {@link #progress()} which any thread may read while the run goes on.
 */
final class Recorder {

    /** One hour in microseconds: the longest latency a histogram tracks; longer ones are clamped to it. */
    static final long MAX_MICROS = 3_600_000_000L;

    final Histogram latency = new Histogram(MAX_MICROS, 3);
    final Histogram uncorrected;
    /** Rate mode: how late each send left after its intended time (µs); the schedule's own precision. */
    final Histogram sendLag;
    /** https: how long each handshake took, from the TCP connection being up to its end (µs); null for plain runs. */
    final Histogram handshake;
    long handshakes;
    long resumed;
    final long[] errors = new long[ErrorKind.ALL.length];
    final long[] timelineRequests;
    final long[] timelineErrors;
    long requests;
    long sent;
    long bytesRead;
    long connectionsOpened;
    /** The loop thread's own CPU time and wall time over its whole run (warm-up included); CPU -1 if unknown. */
    long loopCpuNanos = -1;
    long loopWallNanos;
    private final long measureStart;
    private final long measureEnd;
    private final java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong();
    private long completedSoFar;

    Recorder(long measureStart, long measureEnd, boolean keepUncorrected) {
        this(measureStart, measureEnd, keepUncorrected, false);
    }

    Recorder(long measureStart, long measureEnd, boolean keepUncorrected, boolean tls) {
        this.handshake = tls ? new Histogram(MAX_MICROS, 3) : null;
        this.measureStart = measureStart;
        this.measureEnd = measureEnd;
        this.uncorrected = keepUncorrected ? new Histogram(MAX_MICROS, 3) : null;
        this.sendLag = keepUncorrected ? new Histogram(MAX_MICROS, 3) : null;
        int seconds = (int) ((measureEnd - measureStart + 999_999_999L) / 1_000_000_000L);
        timelineRequests = new long[Math.max(1, seconds)];
        timelineErrors = new long[Math.max(1, seconds)];
    }

    boolean measuring(long now) {
        return now - measureStart >= 0 && now - measureEnd < 0;
    }

    private int second(long now) {
        return (int) Math.min(timelineRequests.length - 1, (now - measureStart) / 1_000_000_000L);
    }

    void success(long now, long fromIntended, long fromSent) {
        completedSoFar++;
        if (!measuring(now)) {
            return;
        }
        requests++;
        timelineRequests[second(now)]++;
        latency.recordValue(Math.min(MAX_MICROS, Math.max(0, fromIntended) / 1000));
        if (uncorrected != null) {
            uncorrected.recordValue(Math.min(MAX_MICROS, Math.max(0, fromSent) / 1000));
        }
    }

    void error(long now, ErrorKind kind, int count) {
        completedSoFar += count;
        if (!measuring(now)) {
            return;
        }
        errors[kind.ordinal()] += count;
        timelineErrors[second(now)] += count;
    }

    void sent(long now, int count) {
        if (measuring(now)) {
            sent += count;
        }
    }

    /** Rate mode: a scheduled send left {@code lateNanos} after its intended time. */
    void sentScheduled(long now, long lateNanos) {
        if (measuring(now)) {
            sendLag.recordValue(Math.min(MAX_MICROS, Math.max(0, lateNanos) / 1000));
        }
    }

    /** https: a handshake finished after {@code nanos}, full or resumed. */
    void handshake(long now, long nanos, boolean wasResumed) {
        if (measuring(now)) {
            handshakes++;
            if (wasResumed) {
                resumed++;
            }
            handshake.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos) / 1000));
        }
    }

    void read(long now, int bytes) {
        if (measuring(now)) {
            bytesRead += bytes;
        }
    }

    /** Publishes the running count of answers (successes and errors) for the progress line; cheap, no fence. */
    void publish() {
        progress.lazySet(completedSoFar);
    }

    /** Answers so far including warm-up; any thread. */
    long progress() {
        return progress.get();
    }

    long errorTotal() {
        long t = 0;
        for (long e : errors) {
            t += e;
        }
        return t;
    }
}
