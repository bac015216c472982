package io.shardloop.lab.cores;

/**
 * One emulated core: the CPU bandwidth one server thread may use, as the cgroup cpu controller takes it (a quota of
 * CPU time per period). Immutable.
 *
 * @param periodMicros  {@code cpu.cfs_period_us}
 * @param quotaMicros   {@code cpu.cfs_quota_us}: never below 1 ms, which the kernel refuses
 */
public record CoreBudget(long periodMicros, long quotaMicros) {

    /** The kernel refuses a quota below 1 ms and a period above 1 s. */
    static final long MIN_QUOTA_MICROS = 1_000;
    static final long MAX_PERIOD_MICROS = 1_000_000;

    public CoreBudget {
        if (quotaMicros < MIN_QUOTA_MICROS || periodMicros < MIN_QUOTA_MICROS || periodMicros > MAX_PERIOD_MICROS) {
            throw new IllegalArgumentException("a budget needs a quota of 1 ms or more and a period of 1 ms to 1 s, "
                    + "got quota " + quotaMicros + " us per " + periodMicros + " us");
        }
    }

    /**
     * A core {@code share} as fast as a real one (0 &lt; share &lt;= 1): the quota is 1 ms, the kernel's minimum,
     * and the period follows from the share (1/8: 1 ms per 8 ms), so a throttled thread waits as briefly as possible.
     */
    public static CoreBudget of(double share) {
        if (!(share > 0.001 && share <= 1)) {
            throw new IllegalArgumentException("a core share is above 0.001 and at most 1, got " + share);
        }
        return new CoreBudget(Math.round(MIN_QUOTA_MICROS / share), MIN_QUOTA_MICROS);
    }

    /** A budget for a group of threads that may use {@code cpus} CPUs (above 1: a quota longer than the period). */
    public static CoreBudget ofCpus(double cpus) {
        return cpus <= 1 ? of(cpus) : new CoreBudget(10_000, Math.round(10_000 * cpus));
    }

    /** The default share: the server's CPUs split evenly between the most IO threads a run will have and the JVM. */
    public static double defaultShare(int serverCpus, int maxIoThreads) {
        return Math.min(1.0, (double) serverCpus / (maxIoThreads + 1));
    }

    /** The share of one CPU (above 1 for a group that may use several). */
    public double share() {
        return (double) quotaMicros / periodMicros;
    }

    @Override
    public String toString() {
        return "%.1f%% of a CPU (quota %s per %s period)".formatted(100 * share(), ms(quotaMicros), ms(periodMicros));
    }

    private static String ms(long micros) {
        return micros % 1000 == 0 ? micros / 1000 + " ms" : "%.2f ms".formatted(micros / 1000.0);
    }
}
