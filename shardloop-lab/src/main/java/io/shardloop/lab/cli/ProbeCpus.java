package io.shardloop.lab.cli;

import io.shardloop.lab.run.CpuSets;
import picocli.CommandLine.Option;

/** {@code --cpus} of the experiments that run one probe JVM (threads, runnable, handoff). */
final class ProbeCpus {
    @Option(names = "--cpus", paramLabel = "LIST", description = "CPUs for the probe JVM (default: the server CPUs of the lab).")
    String cpus;

    CpuSets placement() {
        return CpuSets.choose(cpus, null);
    }
}
