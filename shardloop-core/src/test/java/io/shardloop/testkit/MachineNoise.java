package io.shardloop.testkit;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.SystemCpuSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the machine, rather than the code measured, spoiled a latency measurement taken since {@link #start()}:
 * a load average above twice the CPUs (other processes' runnable threads), or the hypervisor giving more than
 * 5% of our CPU time to other guests (steal; on a shared 2-CPU guest it was seen at 10-25% for minutes, long
 * enough to fill any P99). Latency checks skip their bound then instead of loosening it. A test helper, shared
 * with the other modules through core's test-jar. Not thread-safe.
 */
public final class MachineNoise {
    public static final double MAX_STEAL = 0.05;

    private final SystemCpuSample start;

    private MachineNoise(SystemCpuSample start) {
        this.start = start;
    }

    public static MachineNoise start() {
        return new MachineNoise(ProcSampler.available() ? ProcSampler.system() : null);
    }

    /** Share of CPU time stolen by the hypervisor since {@link #start()}, 0..1; 0 without /proc. */
    public double steal() {
        return start == null ? 0 : ProcSampler.system().stealSince(start);
    }

    /** The 1-minute load average (/proc/loadavg); 0 when unreadable. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** True when a latency taken since {@link #start()} says more about the machine than about the code. */
    public boolean tooNoisy() {
        return loadAverage() > 2.0 * Runtime.getRuntime().availableProcessors() || steal() > MAX_STEAL;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "load average %.1f on %d CPUs, steal %.1f%%", loadAverage(),
                Runtime.getRuntime().availableProcessors(), 100 * steal());
    }
}
