package io.shardloop.lab.diagnosis;

/**
 * A hand-off run's verdict on waiting: {@code starvation} when one task waited orders of magnitude longer than the
 * run's tail (a queue nobody served while other work ran), else {@code ok}. Issue 16: work stealing once showed
 * a 1 s maximum beside a 1.7 µs P99, and the table did not say so.
 *
 * @param ratio       maximum wait / P99 wait at or above which a run is called starved (default 100)
 * @param floorMicros a maximum below this is never starvation, however small the P99 (default 10,000 µs): one
 *                    scheduler hiccup among sub-microsecond waits is not a starved queue
 */
public record StarvationRule(double ratio, double floorMicros) {

    public static final StarvationRule DEFAULTS = new StarvationRule(100, 10_000);
    public static final String STARVATION = "starvation";
    public static final String OK = "ok";

    /** {@link #STARVATION}, {@link #OK}, or blank when a figure is missing. */
    public String verdict(double p99Micros, double maxMicros) {
        if (Double.isNaN(p99Micros) || Double.isNaN(maxMicros)) {
            return "";
        }
        return maxMicros >= floorMicros && maxMicros >= ratio * p99Micros ? STARVATION : OK;
    }

    /** The rule in words, for the report's notes. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s: one task waited at least %.0fx the run's P99 wait and at "
                + "least %.0f ms, so some queue went unserved while other work ran", STARVATION, ratio, floorMicros / 1e3);
    }
}
