package io.shardloop.lab.run;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A one-line progress bar over the whole matrix with an ETA, redrawn on stderr. The ETA starts from the planned
 * time per run and then follows the measured mean. One thread.
 */
public final class Progress {

    private final PrintWriter out;
    private int total;
    private final long plannedNanosPerStep;
    private final long start = System.nanoTime();
    private final boolean enabled;
    private int done;

    public Progress(PrintWriter out, int total, Duration plannedPerStep, boolean enabled) {
        this.out = out;
        this.total = total;
        this.plannedNanosPerStep = plannedPerStep.toNanos();
        this.enabled = enabled;
    }

    /** Adds steps that were not planned (windows measured again). */
    public void more(int steps) {
        total += steps;
    }

    /** Shows that step {@code done + 1} is starting with this label. */
    public void starting(String label) {
        draw(label);
    }

    /** Counts a finished step. */
    public void finished() {
        done++;
        draw(done == total ? "done" : "");
    }

    /** The estimated time left. */
    public Duration eta() {
        long elapsed = System.nanoTime() - start;
        long perStep = done == 0 ? plannedNanosPerStep : elapsed / done;
        return Duration.ofNanos(perStep * (total - done));
    }

    private void draw(String label) {
        if (!enabled) {
            return;
        }
        int width = 30;
        int filled = total == 0 ? width : width * done / total;
        var eta = eta();
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        out.printf("\r[%s%s] %d/%d  %s elapsed, ETA %s  %-48.48s", "#".repeat(filled), ".".repeat(width - filled),
                done, total, mmss(elapsed), mmss(eta), label);
        if (done == total) {
            out.println();
        }
        out.flush();
    }

    static String mmss(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return "%d:%02d".formatted(s / 60, s % 60);
    }
}
