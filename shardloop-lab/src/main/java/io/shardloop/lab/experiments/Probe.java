package io.shardloop.lab.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The untyped result of the hand-off probe (a map printed as one JSON line), kept while that probe is reworked
 * with the executors; the other probes return records through {@link ProbeJson}. One thread.
 */
final class Probe {

    private final ProbeCpu.Window window = ProbeCpu.start();
    final Map<String, Object> result = new LinkedHashMap<>();

    /** Adds the machine's and this process's CPU since the probe was created. */
    void cpu() {
        var cpu = window.end();
        result.put("machineCpuUtilisation", cpu.machineCpuUtilisation());
        result.put("processCpuPercent", cpu.processCpuPercent());
        result.put("processSysPercent", cpu.processSysPercent());
        result.put("availableCpus", cpu.availableCpus());
    }

    /** Prints the result as the last line of stdout. */
    void print() throws Exception {
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.out.flush();
    }
}
