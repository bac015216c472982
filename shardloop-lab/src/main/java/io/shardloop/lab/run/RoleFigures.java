package io.shardloop.lab.run;

import io.shardloop.stats.ThreadRole;

/**
 * The threads of one role between two samples, summed (CPU % of one core, switches per second).
 *
 * @param threads  how many live threads of this role the second sample saw
 */
public record RoleFigures(
        ThreadRole role,
        int threads,
        double cpuPercent,
        double userPercent,
        double systemPercent,
        double voluntaryPerSecond,
        double involuntaryPerSecond) {

    /** CPU % of the busiest thread is not known here; this is the mean per thread. */
    public double cpuPercentPerThread() {
        return threads == 0 ? 0 : cpuPercent / threads;
    }
}
