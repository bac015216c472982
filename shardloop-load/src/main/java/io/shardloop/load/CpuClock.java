package io.shardloop.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads this process's CPU time (utime and stime) from /proc/self/stat. Stateless; any thread. Where /proc is
 * missing, reads zero and says so through {@link Sample#available()}.
 */
final class CpuClock {

    /** Clock ticks per second of /proc/PID/stat; USER_HZ is 100 on every Linux this runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    record Sample(long userTicks, long systemTicks, boolean available) {
        double userSecondsSince(Sample earlier) {
            return (userTicks - earlier.userTicks) / TICKS_PER_SECOND;
        }

        double systemSecondsSince(Sample earlier) {
            return (systemTicks - earlier.systemTicks) / TICKS_PER_SECOND;
        }
    }

    private CpuClock() {
    }

    /** The calling thread's CPU time in nanoseconds (user + system), or -1 where the JVM cannot measure it. */
    static long threadCpuNanos() {
        var bean = java.lang.management.ManagementFactory.getThreadMXBean();
        return bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() : -1;
    }

    static Sample read() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after "pid (comm) ": state(3) ... utime(14) stime(15); comm may hold spaces, so cut at ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Sample(Long.parseLong(f[11]), Long.parseLong(f[12]), true);
        } catch (IOException | RuntimeException e) {
            return new Sample(0, 0, false);
        }
    }
}
