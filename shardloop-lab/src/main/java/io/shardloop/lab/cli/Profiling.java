package io.shardloop.lab.cli;

import io.shardloop.lab.matrix.Profiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * {@code --profile}: async-profiler as an agent in each server JVM, writing an HTML flame graph when the server
 * exits. Uses perf events (event=cpu) where the kernel allows them, else the itimer; says so in the notes. One
 * thread.
 */
final class Profiling {

    private Profiling() {
    }

    /** A profiler writing under {@code dir}, or null with a note saying why there is none. */
    static Profiler profiler(Path dir, List<String> notes) {
        var arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        var platform = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64"
                : arch.equals("aarch64") ? "linux-arm64" : null;
        if (platform == null || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            notes.add("--profile: async-profiler has no library for " + System.getProperty("os.name") + "/" + arch + "; runs were not profiled.");
            return null;
        }
        Path lib = dir.resolve("flames").resolve("libasyncProfiler.so");
        try (InputStream in = Profiling.class.getClassLoader().getResourceAsStream(platform + "/libasyncProfiler.so")) {
            if (in == null) {
                notes.add("--profile: async-profiler's library is not in this build; runs were not profiled.");
                return null;
            }
            Files.createDirectories(lib.getParent());
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            notes.add("--profile: could not unpack async-profiler (" + e.getMessage() + "); runs were not profiled.");
            return null;
        }
        int paranoid = perfEventParanoid();
        var event = paranoid <= 2 ? "cpu" : "itimer";
        notes.add("--profile: flame graphs in flames/<run>.html, async-profiler event=" + event
                + " (kernel.perf_event_paranoid=" + paranoid + (paranoid >= 2 ? ": user-space frames only" : "") + ").");
        return output -> List.of("-agentpath:" + lib.toAbsolutePath() + "=start,event=" + event
                + ",file=" + output.toAbsolutePath());
    }

    private static int perfEventParanoid() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim());
        } catch (IOException | NumberFormatException e) {
            return 3;
        }
    }
}
