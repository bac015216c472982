package io.shardloop.lab.advise;

/**
 * What a setting must reach to be recommended: a P99 latency at most {@code p99Micros}, fewer than
 * {@link #ERROR_SHARE} of requests failing and, at a fixed rate, at least {@link #RATE_SHARE} of the asked rate.
 * Immutable.
 *
 * @param p99Micros  the P99 objective ({@code --slo-p99}), microseconds
 * @param rate       the asked total rate ({@code --rate}), or 0 for the closed loop
 */
public record Objective(double p99Micros, double rate) {

    /** A run with this share of failed requests or more is failing, as the lab's diagnosis says. */
    public static final double ERROR_SHARE = 0.01;
    /** A fixed-rate run that reached less than this share of the rate fell behind. */
    public static final double RATE_SHARE = 0.95;
    /**
     * The least noise a comparison assumes, as a share of the better median: two settings closer than this are
     * tied even when their windows' ranges happen to be narrow. A fresh JVM of the same setting landed 10-17% away
     * from the last (advise on db, 2026-12-07: main-sub 99,106 then 115,609 req/s, its windows within ±2%), which
     * one JVM's windows cannot show; the settings out of contention are measured in one JVM only, and two JVMs
     * of a contender show that spread only when they happen to differ.
     */
    public static final double NOISE_FLOOR = 0.20;

    public Objective {
        if (!(p99Micros > 0)) {
            throw new IllegalArgumentException("the P99 objective must be > 0, got " + p99Micros);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("the rate must be >= 0, got " + rate);
        }
    }

    public boolean fixedRate() {
        return rate > 0;
    }
}
