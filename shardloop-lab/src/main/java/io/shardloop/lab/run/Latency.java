package io.shardloop.lab.run;

/** Latency percentiles from a load generator, in microseconds; NaN when unknown. */
public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

    public static final Latency UNKNOWN = new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
}
