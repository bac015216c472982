package io.shardloop.lab.cli;

import io.shardloop.lab.run.LoadAgent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code shardloop load-agent} (hidden): one load generator JVM for many runs, for the lab's measured windows. Each
 * line on stdin is the arguments of one {@code shardloop load} run, tab-separated; the run's own output goes to
 * stderr, and one line {@code exit N} to stdout when it is done. Ends at the end of stdin. A fresh JVM per window
 * cost about 2 s of start-up and JIT warm-up each (the lab's default matrix has 72 windows) and measured a client
 * still compiling; here the client's code stays compiled from one window to the next. The CLI's main thread.
 */
@Command(name = "load-agent", hidden = true, description = "Runs 'load' once per line of stdin (tab-separated arguments).")
public final class LoadAgentCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        var protocol = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var log = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            var args = new ArrayList<>(List.of("load"));
            args.addAll(List.of(line.split("\t")));
            int exit = Main.commandLine().setOut(log).setErr(log).execute(args.toArray(String[]::new));
            log.flush();
            protocol.println(LoadAgent.DONE + exit);
        }
        return 0;
    }
}
