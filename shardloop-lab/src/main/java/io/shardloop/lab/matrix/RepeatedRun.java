package io.shardloop.lab.matrix;

import io.shardloop.lab.run.Spread;
import io.shardloop.lab.run.SteadyState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One setting of the matrix measured in several windows of one warmed server: the windows whole, the median and
 * range of the three figures a setting is judged on, and the window whose req/s is the median, whose other figures
 * and diagnosis stand for the setting. Immutable; any thread.
 *
 * @param windows  every window in the order measured (a failed one as a failed run)
 * @param median   the measured window with the median req/s, or the first window when none measured anything
 * @param warmup   how the server's warm-up ended, or null when it was not warmed (it failed to start)
 */
public record RepeatedRun(List<RunResult> windows, RunResult median, Spread requestsPerSecond, Spread p99Micros,
                          Spread serverMicrosPerRequest, SteadyState.Outcome warmup) {

    /** A window in which the JIT or the collector took this share of the server's CPU or more is called noisy. */
    public static final double VISIBLE_SHARE = 0.05;
    /** Steal or other processes' CPU at or above this share of a CPU in a window is called noisy too. */
    public static final double VISIBLE_PERCENT = 5;

    public RepeatedRun {
        windows = List.copyOf(windows);
    }

    public static RepeatedRun of(List<RunResult> windows, SteadyState.Outcome warmup) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a setting needs at least one window");
        }
        var measured = windows.stream().filter(w -> w.failure() == null && w.requestsPerSecond() >= 0).toList();
        var rps = Spread.of(measured.stream().mapToDouble(RunResult::requestsPerSecond).toArray());
        var median = measured.stream()
                .min(Comparator.comparingDouble(w -> Math.abs(w.requestsPerSecond() - rps.median())))
                .orElse(windows.getFirst());
        return new RepeatedRun(windows, median, rps,
                Spread.of(measured.stream().mapToDouble(w -> w.latencyMicros().p99()).toArray()),
                Spread.of(measured.stream().mapToDouble(RunResult::serverMicrosPerRequest).toArray()), warmup);
    }

    /** A setting measured once (the tests' and older reports' shape). */
    public static RepeatedRun single(RunResult run) {
        return of(List.of(run), null);
    }

    /** The windows that measured something. */
    public List<RunResult> measured() {
        return windows.stream().filter(w -> w.failure() == null).toList();
    }

    /** The failure, when no window measured anything; else null. */
    public String failure() {
        return measured().isEmpty() ? median.failure() : null;
    }

    /**
     * What may have disturbed the windows, one phrase each, naming the window (1-based): the JIT or the collector
     * with a visible share of the server's CPU, steal, other processes, a failed window, a warm-up that hit its
     * cap. Empty when nothing was seen.
     */
    public List<String> noise() {
        var out = new ArrayList<String>();
        if (warmup != null && warmup.capLine() != null) {
            out.add(warmup.capLine());
        }
        for (int i = 0; i < windows.size(); i++) {
            var w = windows.get(i);
            var name = windows.size() > 1 ? "window " + (i + 1) + ": " : "";
            if (w.failure() != null) {
                if (!measured().isEmpty()) {
                    out.add(name + "failed (" + w.failure() + ")");
                }
                continue;
            }
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
        measured().forEach(w -> labels.merge(w.diagnosis().label(), 1, Integer::sum));
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
