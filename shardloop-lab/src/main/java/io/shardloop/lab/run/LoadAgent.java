package io.shardloop.lab.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A load generator JVM that runs one {@code shardloop load} per request ({@code shardloop load-agent}), so the
 * lab's windows neither pay a JVM start each nor measure a client that is still compiling. Stdout carries the
 * {@code exit N} lines, stderr the runs' own output (to a log). The runner's thread only.
 */
public final class LoadAgent implements AutoCloseable {

    /** What the agent prints when a run is done, before its exit status. */
    public static final String DONE = "exit ";

    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private LoadAgent(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().name("load-agent-stdout").start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException gone) {
                // the agent exited: run() sees it
            }
        });
    }

    /** Starts {@code prefix + shardloop load-agent} (prefix: the pinning, the JVM and its options) with stderr to {@code log}. */
    public static LoadAgent start(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new LoadAgent(ChildrenOnExit.track(builder.start()));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Runs {@code shardloop load ARGS} in the agent and returns its exit status; -1 when it did not finish within
     * {@code timeoutMillis} or the agent died (it is then stopped: start another).
     */
    public int run(List<String> args, long timeoutMillis) throws IOException, InterruptedException {
        for (var a : args) {
            if (a.contains("\t") || a.contains("\n")) {
                throw new IllegalArgumentException("an argument of the load agent holds a tab or a newline: '" + a + "'");
            }
        }
        stdin.write(String.join("\t", args) + "\n");
        stdin.flush();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            var line = lines.poll(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                    TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(DONE)) {
                return Integer.parseInt(line.substring(DONE.length()).strip());
            }
            if (System.nanoTime() > deadline || (line == null && !process.isAlive() && lines.isEmpty())) {
                close();
                return -1;
            }
        }
    }

    /** Ends the agent: end of stdin, then SIGTERM and SIGKILL if it lingers. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                ChildJvm.stop(process, 2_000);
            }
        } catch (InterruptedException e) {
            ChildJvm.stop(process, 0);
            Thread.currentThread().interrupt();
        }
    }
}
