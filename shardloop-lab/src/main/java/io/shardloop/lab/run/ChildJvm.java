package io.shardloop.lab.run;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts child processes of this CLI (same java binary, same jar or class path) or other programs, pinned with
 * taskset when asked, output to a log file. Stateless; any thread.
 */
public final class ChildJvm {

    /**
     * The CLI's main class, by name: the lab starts the CLI as a child process, and naming the class would make
     * this package depend on the CLI that depends on it ({@code ChildJvmTest} checks the name).
     */
    public static final String CLI_MAIN = "io.shardloop.lab.cli.Main";

    private ChildJvm() {
    }

    /** The java binary running this JVM. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The class path that holds this CLI: the shaded jar when run from it, else this JVM's class path. */
    public static String classPath() {
        try {
            var location = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location.toString();
            }
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            // fall through to the class path
        }
        return System.getProperty("java.class.path");
    }

    /**
     * JVM options that keep a dynamic class-data-sharing archive per role next to the jar's identity in the temp
     * directory: the second and later child JVMs start about half a second faster, which adds up over a matrix of
     * runs. Empty when not running from a jar (CDS needs a jar class path).
     */
    public static List<String> fastStart(String role) {
        var cp = classPath();
        if (!cp.endsWith(".jar") || cp.contains(java.io.File.pathSeparator)) {
            return List.of();
        }
        try {
            var jar = Path.of(cp);
            var id = Integer.toHexString((jar.toAbsolutePath() + ":" + Files.size(jar) + ":"
                    + Files.getLastModifiedTime(jar).toMillis() + ":" + Runtime.version()).hashCode());
            var dir = Path.of(System.getProperty("java.io.tmpdir"), "shardloop-cds");
            Files.createDirectories(dir);
            return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir.resolve(id + "-" + role + ".jsa"),
                    "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The command that runs {@code mainClass args} in a new JVM pinned by {@code pin}. */
    public static List<String> command(List<String> pin, List<String> jvmOptions, String mainClass, List<String> args) {
        var cmd = new ArrayList<String>(pin);
        cmd.add(javaBinary());
        cmd.add("--enable-native-access=ALL-UNNAMED"); // the load generator's epoll calls (FFM)
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The command that runs this CLI ({@code shardloop args}) in a new JVM. */
    public static List<String> cli(List<String> pin, List<String> jvmOptions, List<String> args) {
        return command(pin, jvmOptions, CLI_MAIN, args);
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}; it is stopped when this JVM exits. */
    public static Process start(List<String> command, Path log) throws IOException {
        return start(command, Map.of(), log);
    }

    /** As {@link #start(List, Path)}, with {@code env} added to this JVM's environment. */
    public static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return ChildrenOnExit.track(builder.start());
    }

    /** SIGTERM, then SIGKILL after {@code graceMillis}; waits for the exit. */
    public static void stop(Process p, long graceMillis) {
        if (!p.isAlive()) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM's own pid when started through taskset (taskset execs, so it is the same pid). */
    public static long pid(Process p) {
        return p.pid();
    }
}
