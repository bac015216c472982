package io.shardloop.lab.cli;

import picocli.CommandLine;

/**
 * A command that could not do its work for a reason outside its flags (a system call the machine refused): printed
 * as one line naming the command and the reason, exit code 1, no stack trace ({@link #HANDLER}). Any other
 * exception keeps picocli's report.
 */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    static final CommandLine.IExecutionExceptionHandler HANDLER = (ex, cmd, parseResult) -> {
        if (!(ex instanceof CommandFailure)) {
            throw ex;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        cmd.getErr().flush();
        return 1;
    };
}
