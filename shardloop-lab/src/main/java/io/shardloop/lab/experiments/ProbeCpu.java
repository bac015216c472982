package io.shardloop.lab.experiments;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ProcessSample;
import io.shardloop.stats.SystemCpuSample;

/**
 * The CPU a probe's window used: the machine's and the probe process's own.
 *
 * @param machineCpuUtilisation  busy share of all the machine's CPUs, 0..1 (/proc/stat)
 * @param processCpuPercent      the probe process's user + system time, % of one core
 * @param processSysPercent      its system time, % of one core
 * @param availableCpus          CPUs the probe JVM could run on
 */
public record ProbeCpu(double machineCpuUtilisation, double processCpuPercent, double processSysPercent,
                       int availableCpus) {

    /** Starts a window now; {@link Window#end()} gives its figures. */
    static Window start() {
        return new Window(ProcSampler.system(), ProcSampler.sample(ProcessHandle.current().pid(), false));
    }

    /** The samples at the start of a window. Immutable. */
    record Window(SystemCpuSample machineBefore, ProcessSample selfBefore) {

        /** The figures from the start until now. */
        ProbeCpu end() {
            var machine = ProcSampler.system();
            var self = ProcSampler.sample(ProcessHandle.current().pid(), false);
            double seconds = (self.nanoTime() - selfBefore.nanoTime()) / 1e9;
            double hz = ProcSampler.clockTicksPerSecond();
            long ticks = self.userTicks() + self.systemTicks() - selfBefore.userTicks() - selfBefore.systemTicks();
            return new ProbeCpu(machine.utilisationSince(machineBefore), 100.0 * ticks / hz / seconds,
                    100.0 * (self.systemTicks() - selfBefore.systemTicks()) / hz / seconds,
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
