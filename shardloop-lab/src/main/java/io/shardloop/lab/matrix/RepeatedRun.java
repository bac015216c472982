package io.shardloop.lab.matrix;

import io.shardloop.lab.run.Spread;
import io.shardloop.lab.run.SteadyState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One setting of the matrix measured in several windows of one or more warmed server JVMs: the windows whole, the median and
 * range of the three figures a setting is judged on, and the window whose req/s is the median, whose other figures
 * and diagnosis stand for the setting. A {@link #disturbed} window (the JIT, steal or other processes took enough
 * to move the figures by more than the settings differ) is left out of the figures when {@value #ENOUGH_CLEAN} or
 * more windows were clean, and named in {@link #noise}: the cause is read from the machine, not the figure, so
 * leaving it out favours no setting. Immutable; any thread.
 *
 * @param windows  every window in the order measured (a failed one as a failed run)
 * @param median   the measured window with the median req/s, or the first window when none measured anything
 * @param warmup   how the (first) server's warm-up ended, or null when it was not warmed (it failed to start)
 * @param jvms     the server JVMs the windows came from, in turn (a JVM's windows follow each other)
 */
public record RepeatedRun(List<RunResult> windows, RunResult median, Spread requestsPerSecond, Spread p99Micros,
                          Spread serverMicrosPerRequest, SteadyState.Outcome warmup, int jvms) {

    /** A window in which the JIT or the collector took this share of the server's CPU or more is called noisy. */
    public static final double VISIBLE_SHARE = 0.05;
    /** Steal or other processes' CPU at or above this share of a CPU in a window is called noisy too. */
    public static final double VISIBLE_PERCENT = 5;

    /**
     * A window in which the JIT's compilers, steal, or other processes on the server's or the client's CPUs took this
     * % of a CPU or more is disturbed: that much CPU went to something other than the setting being measured.
     */
    public static final double DISTURBED_PERCENT = 10;
    /** The clean windows a setting needs before its disturbed ones are left out of its figures. */
    public static final int ENOUGH_CLEAN = 2;

    public RepeatedRun {
        windows = List.copyOf(windows);
    }

    /** Whether the JIT, steal or other processes took enough of a window to move its figures. */
    public static boolean disturbed(RunResult w) {
        if (w.server() != null && w.server().jitPercent() >= DISTURBED_PERCENT) {
            return true;
        }
        var f = w.figures();
        return f.stealPercent() >= DISTURBED_PERCENT || nanToZero(f.otherServerCpuPercent()) >= DISTURBED_PERCENT
                || nanToZero(f.otherClientCpuPercent()) >= DISTURBED_PERCENT;
    }

    /** The windows that measured something and were not disturbed. */
    public static List<RunResult> clean(List<RunResult> windows) {
        return windows.stream().filter(w -> w.failure() == null && !disturbed(w)).toList();
    }

    /** The windows the figures come from: the clean ones where there are enough, else every measured one. */
    private static List<RunResult> judged(List<RunResult> windows) {
        var clean = clean(windows);
        return clean.size() >= ENOUGH_CLEAN ? clean : windows.stream().filter(w -> w.failure() == null).toList();
    }

    public static RepeatedRun of(List<RunResult> windows, SteadyState.Outcome warmup) {
        return of(windows, warmup, 1);
    }

    public static RepeatedRun of(List<RunResult> windows, SteadyState.Outcome warmup, int jvms) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a setting needs at least one window");
        }
        var measured = judged(windows).stream().filter(w -> w.requestsPerSecond() >= 0).toList();
        var rps = Spread.of(measured.stream().mapToDouble(RunResult::requestsPerSecond).toArray());
        var median = measured.stream()
                .min(Comparator.comparingDouble(w -> Math.abs(w.requestsPerSecond() - rps.median())))
                .orElse(windows.getFirst());
        return new RepeatedRun(windows, median, rps,
                Spread.of(measured.stream().mapToDouble(w -> w.latencyMicros().p99()).toArray()),
                Spread.of(measured.stream().mapToDouble(RunResult::serverMicrosPerRequest).toArray()), warmup, jvms);
    }

    /** A setting measured once (the tests' and older reports' shape). */
    public static RepeatedRun single(RunResult run) {
        return of(List.of(run), null);
    }

    /** The windows that measured something. */
    public List<RunResult> measured() {
        return windows.stream().filter(w -> w.failure() == null).toList();
    }

    /** The windows the figures come from: the clean ones where there were {@value #ENOUGH_CLEAN}, else every measured one. */
    public List<RunResult> judged() {
        return judged(windows);
    }

    /** The failure, when no window measured anything; else null. */
    public String failure() {
        return measured().isEmpty() ? median.failure() : null;
    }

    /**
     * What may have disturbed the windows, one phrase each, naming the window (1-based, "left out" where it is not
     * in the figures): the JIT or the collector with a visible share of the server's CPU, steal, other processes, a
     * failed window, a warm-up that hit its cap. Empty when nothing was seen.
     */
    public List<String> noise() {
        var out = new ArrayList<String>();
        var judged = judged();
        if (warmup != null && warmup.capLine() != null) {
            out.add(warmup.capLine());
        }
        for (int i = 0; i < windows.size(); i++) {
            var w = windows.get(i);
            if (w.failure() != null) {
                var name = windows.size() > 1 ? "window " + (i + 1) + ": " : "";
                if (!measured().isEmpty()) {
                    out.add(name + "failed (" + w.failure() + ")");
                }
                continue;
            }
            var name = windows.size() > 1 ? "window " + (i + 1) + (judged.contains(w) ? "" : " (left out)") + ": " : "";
            var parts = new ArrayList<String>();
            var s = w.server();
            if (s != null && s.cpuPercent() > 0) {
                if (s.jitPercent() >= VISIBLE_SHARE * s.cpuPercent()) {
                    parts.add("JIT %.0f%% of server CPU".formatted(100 * s.jitPercent() / s.cpuPercent()));
                }
                if (s.gcPercent() >= VISIBLE_SHARE * s.cpuPercent()) {
                    parts.add("GC %.0f%% of server CPU".formatted(100 * s.gcPercent() / s.cpuPercent()));
                }
            }
            var f = w.figures();
            if (f.stealPercent() >= VISIBLE_PERCENT) {
                parts.add("steal %.0f%%".formatted(f.stealPercent()));
            }
            double other = Math.max(nanToZero(f.otherServerCpuPercent()), nanToZero(f.otherClientCpuPercent()));
            if (other >= VISIBLE_PERCENT) {
                parts.add("other processes %.0f%% of a CPU".formatted(other));
            }
            if (!parts.isEmpty()) {
                out.add(name + String.join(", ", parts));
            }
        }
        return out;
    }

    /**
     * The median window's diagnosis, with the other windows' where they differ ({@code saturated (windows: 2
     * saturated, 1 client-bound)}): a verdict that changes between windows sits at its rule's edge.
     */
    public String diagnosisLine() {
        var line = median.diagnosis().line();
        var labels = new LinkedHashMap<String, Integer>();
        judged().forEach(w -> labels.merge(w.diagnosis().label(), 1, Integer::sum));
        if (labels.size() > 1) {
            var parts = new ArrayList<String>();
            labels.forEach((label, count) -> parts.add(count + " " + label));
            line += " (at a rule's edge: windows " + String.join(", ", parts) + ")";
        }
        return line;
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
