package io.shardloop.http.robust;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ThreadSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A server ({@link ServeMain}) in its own JVM, started under {@code bash -c 'ulimit -n N; exec java ...'} so that
 * its descriptor limit and memory are its own and /proc shows only its threads. Reads the bound port from its
 * output. Thread contract: one test thread drives it; output is pumped by a daemon thread.
 */
final class ChildServer implements AutoCloseable {

    /** The data port from the child's "serving http on 127.0.0.1:PORT" line. */
    private static final Pattern PORT = Pattern.compile("serving .* on \\S+:(\\d{2,5})");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ChildServer(Process process) {
        this.process = process;
        var pump = new Thread(this::pump, "child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@link ServeMain} with {@code serveArgs} (without the port: port 0 is added), a descriptor limit of
     * {@code fdLimit} (0: inherit), and JVM options {@code jvmOptions}; waits until it reports its port.
     */
    static ChildServer start(int fdLimit, List<String> jvmOptions, List<String> serveArgs) throws IOException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new ArrayList<String>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(ServeMain.class.getName());
        cmd.addAll(serveArgs);
        cmd.add("--port");
        cmd.add("0");
        var script = new StringBuilder();
        if (fdLimit > 0) {
            script.append("ulimit -n ").append(fdLimit).append(" && ");
        }
        script.append("exec");
        for (var c : cmd) {
            script.append(' ').append(shellQuote(c));
        }
        var pb = new ProcessBuilder("bash", "-c", script.toString()).redirectErrorStream(true);
        var child = new ChildServer(pb.start());
        try {
            child.port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            child.close();
            throw new IllegalStateException("serve did not report a port within 60 s; output: " + child.output, e);
        }
        return child;
    }

    /** The test JVM's real class path (surefire may hide it behind a manifest-only jar). */
    private static String classPath() {
        var cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void pump() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (!port.isDone()) {
                    var m = PORT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            // the child exited
        } finally {
            port.completeExceptionally(new IllegalStateException("serve exited: " + output));
        }
    }

    int port() {
        return port.join();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** Open descriptors now: the entries of /proc/PID/fd. */
    int openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident set size in KiB (VmRSS of /proc/PID/status). */
    long rssKiB() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + pid());
    }

    /** Live threads of the child whose (truncated) name starts with {@code prefix}. */
    List<ThreadSample> threads(String prefix) {
        return ProcSampler.sample(pid()).threads().stream().filter(t -> t.name().startsWith(prefix)).toList();
    }

    int liveThreads() {
        return ProcSampler.sample(pid()).threads().size();
    }

    /** Runs {@code jcmd PID args...} and returns its output. */
    String jcmd(String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static Duration sinceNanos(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
