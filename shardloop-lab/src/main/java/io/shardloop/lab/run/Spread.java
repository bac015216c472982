package io.shardloop.lab.run;

import java.util.Arrays;

/**
 * One figure over the windows of a setting: their median and the range they spanned. The interval is the
 * windows' min-max, not a bootstrap: with the 3-5 windows a run can afford, a bootstrap of the median only
 * resamples those few values and claims a confidence it does not have, while the range of n independent windows
 * holds the true median with a probability that is known: 1 - 2^(1-n) (75% at 3 windows, 94% at 5).
 * Immutable.
 *
 * @param median  the median of the finite values (NaN when there are none)
 * @param low     the smallest
 * @param high    the largest
 * @param n       how many finite values there were
 */
public record Spread(double median, double low, double high, int n) {

    public static final Spread UNKNOWN = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    /** The spread of the finite values among {@code values}. */
    public static Spread of(double... values) {
        var v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return UNKNOWN;
        }
        int m = v.length / 2;
        double median = v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
        return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    /** Half the range against the median, 0..; NaN when unknown or the median is 0. */
    public double relativeHalfRange() {
        return n == 0 || median == 0 ? Double.NaN : (high - low) / 2 / Math.abs(median);
    }

    /** Whether this median lies above every value of {@code other}: none of its windows reached this one's median. */
    public boolean medianAbove(Spread other) {
        return n > 0 && other.n() > 0 && median > other.high();
    }

    /** Whether this median lies below every value of {@code other}. */
    public boolean medianBelow(Spread other) {
        return n > 0 && other.n() > 0 && median < other.low();
    }

    /** {@code 95,290 ±4%}: the median and half the range as a share of it (the median alone from one value). */
    public String display(java.util.function.DoubleFunction<String> format) {
        if (n == 0) {
            return "";
        }
        var half = relativeHalfRange();
        return format.apply(median) + (n > 1 && Double.isFinite(half) ? " ±" + Math.round(100 * half) + "%" : "");
    }
}
