package io.shardloop.stats;

import java.util.Collection;
import java.util.List;

/**
 * The machine's CPU time from /proc/stat, in clock ticks: all CPUs together and each CPU.
 *
 * @param busyTicks   user + nice + system + irq + softirq + steal, all CPUs
 * @param totalTicks  busy + idle + iowait, all CPUs
 * @param stealTicks  time the hypervisor ran other guests on our CPUs (part of busy), all CPUs
 * @param cpus        online CPUs (lines cpuN in /proc/stat)
 * @param perCpu      each online CPU's counters
 */
public record SystemCpuSample(long nanoTime, long busyTicks, long totalTicks, long stealTicks, int cpus,
                              List<CpuTicks> perCpu) {

    /** One CPU's counters. */
    public record CpuTicks(int cpu, long busyTicks, long totalTicks) {
    }

    public SystemCpuSample {
        perCpu = List.copyOf(perCpu);
    }

    /** Share of all CPUs' time the hypervisor gave to other guests between {@code before} and this sample, 0..1. */
    public double stealSince(SystemCpuSample before) {
        long total = totalTicks - before.totalTicks;
        return total <= 0 ? 0 : (double) (stealTicks - before.stealTicks) / total;
    }

    /** Share of all CPUs' time that was busy between {@code before} and this sample, 0..1. */
    public double utilisationSince(SystemCpuSample before) {
        long total = totalTicks - before.totalTicks;
        return total <= 0 ? 0 : (double) (busyTicks - before.busyTicks) / total;
    }

    /**
     * How busy the given CPUs were between {@code before} and this sample, in % of one CPU (200 = two CPUs busy),
     * whoever used them.
     */
    public double busyPercentSince(SystemCpuSample before, Collection<Integer> which) {
        double sum = 0;
        for (var now : perCpu) {
            if (!which.contains(now.cpu())) {
                continue;
            }
            for (var then : before.perCpu) {
                if (then.cpu() == now.cpu()) {
                    long total = now.totalTicks() - then.totalTicks();
                    if (total > 0) {
                        sum += 100.0 * (now.busyTicks() - then.busyTicks()) / total;
                    }
                }
            }
        }
        return sum;
    }
}
