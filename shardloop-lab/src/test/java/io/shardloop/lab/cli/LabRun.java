package io.shardloop.lab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in this JVM and keeps what it printed. */
record LabRun(int exit, String out, String err) {

    static LabRun of(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new LabRun(exit, out.toString(), err.toString());
    }
}
