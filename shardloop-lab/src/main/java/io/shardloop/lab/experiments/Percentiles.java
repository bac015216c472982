package io.shardloop.lab.experiments;

import org.HdrHistogram.Histogram;

/** Percentiles of a histogram of nanoseconds, in microseconds; NaN when it recorded nothing. */
public record Percentiles(double p50, double p99, double p999, double max, double mean) {

    public static final Percentiles NONE = new Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Percentiles ofNanos(Histogram h) {
        if (h.getTotalCount() == 0) {
            return NONE;
        }
        return new Percentiles(h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getMean() / 1e3);
    }
}
