package io.shardloop.lab.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ProcessSample;
import io.shardloop.stats.SystemCpuSample;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Shared pieces of the probes that run in a pinned child JVM: CPU measurement of the window and one JSON line of
 * results on stdout. One thread.
 */
final class Probe {

    private final SystemCpuSample machineBefore = ProcSampler.system();
    private final ProcessSample selfBefore = ProcSampler.sample(ProcessHandle.current().pid(), false);
    final Map<String, Object> result = new LinkedHashMap<>();

    /** Adds the machine's and this process's CPU since the probe was created. */
    void cpu() {
        var machine = ProcSampler.system();
        var self = ProcSampler.sample(ProcessHandle.current().pid(), false);
        double seconds = (self.nanoTime() - selfBefore.nanoTime()) / 1e9;
        double hz = ProcSampler.clockTicksPerSecond();
        long ticks = self.userTicks() + self.systemTicks() - selfBefore.userTicks() - selfBefore.systemTicks();
        result.put("machineCpuUtilisation", machine.utilisationSince(machineBefore));
        result.put("processCpuPercent", 100.0 * ticks / hz / seconds);
        result.put("processSysPercent", 100.0 * (self.systemTicks() - selfBefore.systemTicks()) / hz / seconds);
        result.put("availableCpus", Runtime.getRuntime().availableProcessors());
    }

    /** Adds percentiles of a histogram of nanoseconds, in microseconds, under {@code prefix}. */
    void percentiles(String prefix, Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        result.put(prefix + "P50Micros", h.getValueAtPercentile(50) / 1e3);
        result.put(prefix + "P99Micros", h.getValueAtPercentile(99) / 1e3);
        result.put(prefix + "P999Micros", h.getValueAtPercentile(99.9) / 1e3);
        result.put(prefix + "MaxMicros", h.getMaxValue() / 1e3);
        result.put(prefix + "MeanMicros", h.getMean() / 1e3);
    }

    /** Prints the result as the last line of stdout. */
    void print() throws Exception {
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.out.flush();
    }
}
