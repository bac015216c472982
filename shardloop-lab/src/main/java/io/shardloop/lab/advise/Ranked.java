package io.shardloop.lab.advise;

import io.shardloop.lab.matrix.RunResult;
import java.util.List;

/**
 * One run's place in the ranking.
 *
 * @param rank        1 for the recommendation; settings that missed the objective follow those that met it
 * @param meets       whether it met the objective
 * @param shortfalls  why it missed, one phrase each with its figure (empty when it met it)
 */
public record Ranked(int rank, Setting setting, RunResult run, boolean meets, List<String> shortfalls) {

    public Ranked {
        shortfalls = List.copyOf(shortfalls);
    }

    /** Server CPU microseconds per request (NaN if unmeasured). */
    public double cpuMicros() {
        return run.serverMicrosPerRequest();
    }
}
