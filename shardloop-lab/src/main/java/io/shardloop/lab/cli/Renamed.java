package io.shardloop.lab.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The old names of renamed flags, kept hidden for one release: each use still works with its old meaning and says
 * the new name in one line on stderr. Stateless; picocli's thread, while it parses.
 */
final class Renamed {
    private Renamed() {
    }

    /** Prints {@code shardloop: OLD is now NEW} on the command's stderr; {@code now} may say what the flag takes. */
    static void notice(CommandSpec command, String old, String now) {
        var err = command.commandLine().getErr();
        err.println("shardloop: " + old + " is now " + now);
        err.flush();
    }
}
