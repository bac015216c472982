package io.shardloop.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads process, thread and machine CPU counters from Linux /proc (what pidstat -ut -w reads). Stateless apart
 * from the clock tick rate, read once; any thread. Threads that exit while being read are skipped.
 */
public final class ProcSampler {

    private static volatile long clockTicks;

    private ProcSampler() {
    }

    /** Whether /proc is there to read (Linux). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** USER_HZ, the unit of utime/stime: {@code getconf CLK_TCK}, read once; 100 if getconf is missing. */
    public static long clockTicksPerSecond() {
        long hz = clockTicks;
        if (hz == 0) {
            hz = readClockTicks();
            clockTicks = hz;
        }
        return hz;
    }

    private static long readClockTicks() {
        try {
            var p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                long hz = Long.parseLong(out);
                if (hz > 0) {
                    return hz;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // getconf missing: Linux has used USER_HZ = 100 on every architecture we run on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /** The process and all its live threads. Throws if the process does not exist. */
    public static ProcessSample sample(long pid) {
        return sample(pid, true);
    }

    /** The process, and its threads if {@code withThreads}. Throws if the process does not exist. */
    public static ProcessSample sample(long pid, boolean withThreads) {
        long now = System.nanoTime();
        var base = Path.of("/proc", Long.toString(pid));
        var stat = readStat(base.resolve("stat"))
                .orElseThrow(() -> new IllegalStateException("no process " + pid + " in /proc"));
        List<ThreadSample> threads = withThreads ? threads(base.resolve("task")) : List.of();
        return new ProcessSample(pid, now, stat.user, stat.system, threads);
    }

    /** The machine's CPU counters from /proc/stat. */
    public static SystemCpuSample system() {
        long now = System.nanoTime();
        try {
            var lines = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII);
            long busy = 0;
            long total = 0;
            long steal = 0;
            var perCpu = new java.util.ArrayList<SystemCpuSample.CpuTicks>();
            for (var line : lines) {
                if (!line.startsWith("cpu")) {
                    continue;
                }
                var f = line.trim().split("\\s+");
                // user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
                long idle = field(f, 4) + field(f, 5);
                long b = field(f, 1) + field(f, 2) + field(f, 3) + field(f, 6) + field(f, 7) + field(f, 8);
                if (line.startsWith("cpu ")) {
                    busy = b;
                    total = b + idle;
                    steal = field(f, 8);
                } else {
                    perCpu.add(new SystemCpuSample.CpuTicks(Integer.parseInt(f[0].substring(3)), b, b + idle));
                }
            }
            return new SystemCpuSample(now, busy, total, steal, perCpu.size(), perCpu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long field(String[] f, int i) {
        return i < f.length ? Long.parseLong(f[i]) : 0;
    }

    private static List<ThreadSample> threads(Path taskDir) {
        var out = new ArrayList<ThreadSample>();
        try (var tasks = Files.list(taskDir)) {
            for (var dir : (Iterable<Path>) tasks::iterator) {
                thread(dir).ifPresent(out::add);
            }
        } catch (NoSuchFileException e) {
            return List.of(); // the process exited
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparingInt(ThreadSample::tid));
        return out;
    }

    private static Optional<ThreadSample> thread(Path dir) {
        try {
            int tid = Integer.parseInt(dir.getFileName().toString());
            var stat = readStat(dir.resolve("stat"));
            if (stat.isEmpty()) {
                return Optional.empty();
            }
            var name = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
            long voluntary = 0;
            long involuntary = 0;
            for (var line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            var s = stat.get();
            return Optional.of(new ThreadSample(tid, name, ThreadRole.of(name), s.user, s.system, voluntary,
                    involuntary, s.start));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty(); // exited between listing and reading
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No such process")) {
                return Optional.empty();
            }
            throw new UncheckedIOException(e);
        }
    }

    record Stat(long user, long system, long start) {
    }

    /** Parses a stat line: the name in parentheses may hold spaces and parentheses, so fields start after the last ')'. */
    private static Optional<Stat> readStat(Path file) {
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No such process")) {
                return Optional.empty();
            }
            throw new UncheckedIOException(e);
        }
        return Optional.of(parseStat(line));
    }

    static Stat parseStat(String line) {
        var f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): utime is field 14, stime 15, starttime 22
        return new Stat(Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[19]));
    }
}
