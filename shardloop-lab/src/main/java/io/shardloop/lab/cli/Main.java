package io.shardloop.lab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code shardloop} command line. Subcommands: one line each below, so that additions merge cleanly. */
@Command(name = "shardloop", mixinStandardHelpOptions = true, version = "shardloop 0.1.0",
        description = "A TCP/HTTP server whose threading model is one setting, and a lab that measures each model.",
        subcommands = {
                ServeCommand.class,
                LoadCommand.class,
                LabCommand.class,
                AdviseCommand.class,
                LoadAgentCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with every subcommand, the one-line error handling (of the flags, and of a {@link CommandFailure}) and one grammar for every duration
     * ({@link DurationConverter}, also for a Duration option that forgets to name it); tests may set its out/err.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .setParameterExceptionHandler(new OneLineErrors())
                .setExecutionExceptionHandler(CommandFailure.HANDLER);
    }
}
