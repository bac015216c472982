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
     * Closed loop: settings within this share of the best req/s count as equally fast, and CPU per request decides
     * among them (two runs on a shared 2-CPU machine differ by a few per cent with nothing changed).
     */
    public static final double CLOSED_LOOP_TIE = 0.90;

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
