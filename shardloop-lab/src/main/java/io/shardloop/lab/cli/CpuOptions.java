package io.shardloop.lab.cli;

import io.shardloop.lab.run.CpuSets;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --server-cpus} and {@code --client-cpus} of the commands that run a server and a load generator apart:
 * one declaration, one check. A picocli mixin; the CLI's main thread.
 */
final class CpuOptions {
    @Option(names = "--server-cpus", paramLabel = "LIST", description = "CPUs for the server, e.g. 0-7 or 0,2 "
            + "(default: the first half; CPU 0 on 2 CPUs).")
    String server;

    @Option(names = "--client-cpus", paramLabel = "LIST", description = "CPUs for the load generator "
            + "(default: the second half; CPU 1 on 2 CPUs).")
    String client;

    /** The placement of the flags; a bad list is one line naming the flags. */
    CpuSets choose(CommandLine cli) {
        try {
            return CpuSets.choose(server, client);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, "--server-cpus/--client-cpus: " + e.getMessage());
        }
    }
}
