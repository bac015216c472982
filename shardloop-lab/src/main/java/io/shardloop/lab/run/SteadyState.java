package io.shardloop.lab.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides when a server under its warm-up load has reached a steady state: its JIT compiler threads have gone
 * quiet and its per-second throughput has settled. Fed cumulative readings of the server (compiler threads' CPU
 * from /proc, messages from its /stats) a few times a second. A warm-up of a fixed length is either too short on
 * a slow CPU (the window then measures C2 compiling the hot path) or wasted on a fast one. Pure; one thread.
 */
public final class SteadyState {

    /** The span the last readings must cover and be quiet over. */
    public static final long SPAN_NANOS = 2_000_000_000L;
    /** The compiler threads' CPU over the span must stay below this share of one CPU. */
    public static final double JIT_QUIET = 0.05;
    /**
     * The span's second half may answer at most this share more or less than its first: a server still warming
     * climbs, while the quarter-second jitter of a shared machine (often ±20%) averages out over a second.
     */
    public static final double RATE_SETTLED = 0.15;

    /** One cumulative reading: compiler threads' CPU seconds so far, messages handled so far. */
    public record Reading(long nanoTime, double compilerSeconds, long messages) {
    }

    /**
     * What the warm-up ended on.
     *
     * @param seconds      how long it lasted
     * @param steady       whether it reached a steady state (false: it hit its cap)
     * @param jitShare     the compiler threads' CPU over the last span, share of one CPU (NaN if unread)
     * @param rateChange   the last span's second half's req/s against its first half's, as a share (NaN if unread)
     */
    public record Outcome(double seconds, boolean steady, double jitShare, double rateChange) {

        /** The report's line for a warm-up that hit its cap, naming what was still moving; null when steady. */
        public String capLine() {
            if (steady) {
                return null;
            }
            if (Double.isNaN(jitShare) && Double.isNaN(rateChange)) {
                return "warm-up stopped at its cap after %.0f s, shorter than the %d s the steady-state rule reads".formatted(seconds,
                        SPAN_NANOS / 1_000_000_000L);
            }
            var moving = new ArrayList<String>();
            if (!(jitShare < JIT_QUIET)) {
                moving.add(Double.isNaN(jitShare) ? "the JIT unread" : "the JIT at %.0f%% of a CPU".formatted(100 * jitShare));
            }
            if (!(rateChange <= RATE_SETTLED)) {
                moving.add(Double.isNaN(rateChange) ? "no requests counted" : "req/s still moving %.0f%% a second".formatted(100 * rateChange));
            }
            return "warm-up stopped at its cap after %.0f s (%s)".formatted(seconds, String.join(", ", moving));
        }
    }

    private final long startNanos;
    private final long minNanos;
    private final List<Reading> readings = new ArrayList<>();

    public SteadyState(long startNanos, long minNanos) {
        this.startNanos = startNanos;
        this.minNanos = minNanos;
    }

    public void add(Reading r) {
        readings.add(r);
    }

    /** Whether the least warm-up has passed and the last span was steady. */
    public boolean steady() {
        if (readings.isEmpty() || readings.getLast().nanoTime() - startNanos < minNanos) {
            return false;
        }
        return jitShare() < JIT_QUIET && rateChange() <= RATE_SETTLED;
    }

    /** The outcome at the last reading. */
    public Outcome outcome() {
        double seconds = readings.isEmpty() ? 0 : (readings.getLast().nanoTime() - startNanos) / 1e9;
        return new Outcome(seconds, steady(), jitShare(), rateChange());
    }

    /** The compiler threads' CPU over the last span, share of one CPU; NaN before a span is covered. */
    double jitShare() {
        var first = spanStart();
        if (first == null) {
            return Double.NaN;
        }
        var last = readings.getLast();
        // a compiler thread that exits takes its CPU out of the sum (HotSpot stops idle ones): never below zero
        return Math.max(0, last.compilerSeconds() - first.compilerSeconds()) / ((last.nanoTime() - first.nanoTime()) / 1e9);
    }

    /**
     * |rate of the span's second half - rate of its first half| / their mean; NaN before a span is covered or
     * when nothing was answered.
     */
    double rateChange() {
        var first = spanStart();
        if (first == null) {
            return Double.NaN;
        }
        var last = readings.getLast();
        long midTime = first.nanoTime() + (last.nanoTime() - first.nanoTime()) / 2;
        Reading mid = first;
        for (var r : readings) {
            if (r.nanoTime() <= midTime) {
                mid = r;
            }
        }
        if (mid == first || mid == last) {
            return Double.NaN;
        }
        double before = (mid.messages() - first.messages()) / ((mid.nanoTime() - first.nanoTime()) / 1e9);
        double after = (last.messages() - mid.messages()) / ((last.nanoTime() - mid.nanoTime()) / 1e9);
        double mean = (before + after) / 2;
        return mean <= 0 ? Double.NaN : Math.abs(after - before) / mean;
    }

    /** The earliest reading at least a span before the last, or null. */
    private Reading spanStart() {
        if (readings.isEmpty()) {
            return null;
        }
        long end = readings.getLast().nanoTime();
        Reading start = null;
        for (var r : readings) {
            if (end - r.nanoTime() >= SPAN_NANOS) {
                start = r;
            }
        }
        return start;
    }
}
