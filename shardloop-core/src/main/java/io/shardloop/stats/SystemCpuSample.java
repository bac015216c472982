package io.shardloop.stats;

/**
 * The machine's CPU time (first line of /proc/stat), all CPUs together, in clock ticks.
 *
 * @param busyTicks   user + nice + system + irq + softirq + steal
 * @param totalTicks  busy + idle + iowait
 * @param cpus        online CPUs (lines cpuN in /proc/stat)
 */
public record SystemCpuSample(long nanoTime, long busyTicks, long totalTicks, int cpus) {

    /** Share of all CPUs' time that was busy between {@code before} and this sample, 0..1. */
    public double utilisationSince(SystemCpuSample before) {
        long total = totalTicks - before.totalTicks;
        return total <= 0 ? 0 : (double) (busyTicks - before.busyTicks) / total;
    }
}
