package io.shardloop.lab.run;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ProcessSample;
import io.shardloop.stats.ThreadRole;
import io.shardloop.stats.ThreadSample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * What a process did between two {@link ProcessSample}s: CPU (whole process, per thread, per role) and context
 * switches per second. Process CPU includes threads that exited in between; switches count live threads only.
 * Immutable; any thread.
 *
 * @param seconds          wall time between the samples
 * @param cpuPercent       user + system, % of one core
 * @param threadsStarted   live threads in the second sample that the first did not have (a lower bound of
 *                         threads created: those that came and went in between are not seen)
 * @param threads          per live thread, busiest first
 * @param roles            per role, busiest first
 */
public record ProcessFigures(
        long pid,
        double seconds,
        double cpuPercent,
        double userPercent,
        double systemPercent,
        double voluntaryPerSecond,
        double involuntaryPerSecond,
        int threadsStarted,
        List<ThreadFigures> threads,
        List<RoleFigures> roles) {

    public ProcessFigures {
        threads = List.copyOf(threads);
        roles = List.copyOf(roles);
    }

    /** The figures between {@code before} and {@code after}, two samples of one process. */
    public static ProcessFigures between(ProcessSample before, ProcessSample after) {
        if (before.pid() != after.pid()) {
            throw new IllegalArgumentException("samples of two processes: " + before.pid() + " and " + after.pid());
        }
        double seconds = Math.max(1e-9, (after.nanoTime() - before.nanoTime()) / 1e9);
        double tickPercent = 100.0 / ProcSampler.clockTicksPerSecond() / seconds;
        var earlier = new HashMap<Integer, ThreadSample>();
        before.threads().forEach(t -> earlier.put(t.tid(), t));

        var threads = new ArrayList<ThreadFigures>();
        int started = 0;
        for (var t : after.threads()) {
            var b = earlier.get(t.tid());
            boolean isNew = b == null || b.startTicks() != t.startTicks(); // a reused tid is a new thread
            if (isNew) {
                started++;
            }
            long user = t.userTicks() - (isNew ? 0 : b.userTicks());
            long system = t.systemTicks() - (isNew ? 0 : b.systemTicks());
            long vol = t.voluntarySwitches() - (isNew ? 0 : b.voluntarySwitches());
            long invol = t.involuntarySwitches() - (isNew ? 0 : b.involuntarySwitches());
            threads.add(new ThreadFigures(t.tid(), t.name(), t.role(), (user + system) * tickPercent,
                    user * tickPercent, system * tickPercent, vol / seconds, invol / seconds, isNew));
        }
        threads.sort((x, y) -> Double.compare(y.cpuPercent(), x.cpuPercent()));

        var byRole = new EnumMap<ThreadRole, double[]>(ThreadRole.class);
        for (var t : threads) {
            var a = byRole.computeIfAbsent(t.role(), r -> new double[6]);
            a[0]++;
            a[1] += t.cpuPercent();
            a[2] += t.userPercent();
            a[3] += t.systemPercent();
            a[4] += t.voluntaryPerSecond();
            a[5] += t.involuntaryPerSecond();
        }
        var roles = new ArrayList<RoleFigures>();
        byRole.forEach((role, a) -> roles.add(new RoleFigures(role, (int) a[0], a[1], a[2], a[3], a[4], a[5])));
        roles.sort((x, y) -> Double.compare(y.cpuPercent(), x.cpuPercent()));

        long user = after.userTicks() - before.userTicks();
        long system = after.systemTicks() - before.systemTicks();
        double vol = threads.stream().mapToDouble(ThreadFigures::voluntaryPerSecond).sum();
        double invol = threads.stream().mapToDouble(ThreadFigures::involuntaryPerSecond).sum();
        return new ProcessFigures(after.pid(), seconds, (user + system) * tickPercent, user * tickPercent,
                system * tickPercent, vol, invol, started, threads, roles);
    }

    /** The figures of one role, if the process had threads of it. */
    public Optional<RoleFigures> role(ThreadRole role) {
        return roles.stream().filter(r -> r.role() == role).findFirst();
    }

    /** CPU seconds used (user + system) in the window. */
    public double cpuSeconds() {
        return cpuPercent / 100 * seconds;
    }

    /** The JIT compiler threads' CPU, % of one core (live threads only). */
    public double jitPercent() {
        return threads.stream().filter(t -> isJit(t.name())).mapToDouble(ThreadFigures::cpuPercent).sum();
    }

    /** The garbage collector's CPU (its workers and the VM thread that runs its pauses), % of one core. */
    public double gcPercent() {
        return threads.stream().filter(t -> isGc(t.name())).mapToDouble(ThreadFigures::cpuPercent).sum();
    }

    /** Whether a thread of this name (as /proc shows it, 15 characters) is one of HotSpot's JIT compilers. */
    public static boolean isJit(String name) {
        return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
    }

    /** Whether a thread of this name is HotSpot's garbage collector's (Parallel, G1, or the VM thread). */
    public static boolean isGc(String name) {
        return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ParGC")
                || name.startsWith("VM Thread");
    }

    /** The CPU seconds the JIT compiler threads of {@code sample} have used so far. */
    public static double jitSeconds(ProcessSample sample) {
        long ticks = sample.threads().stream().filter(t -> isJit(t.name()))
                .mapToLong(t -> t.userTicks() + t.systemTicks()).sum();
        return (double) ticks / ProcSampler.clockTicksPerSecond();
    }

    /** The share of CPU time spent in the kernel, 0..1 (0 when the process used no CPU). */
    public double systemShare() {
        return cpuPercent <= 0 ? 0 : systemPercent / cpuPercent;
    }
}
