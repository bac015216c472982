package io.shardloop.lab.advise;

import io.shardloop.lab.matrix.RepeatedRun;
import java.util.List;

/**
 * One setting's place in the ranking.
 *
 * @param rank        1 for the first; settings that missed the objective follow those that met it
 * @param run         the setting's windows and their medians
 * @param meets       whether it met the objective (on the medians of its windows)
 * @param shortfalls  why it missed, one phrase each with its figure (empty when it met it)
 */
public record Ranked(int rank, Setting setting, RepeatedRun run, boolean meets, List<String> shortfalls) {

    public Ranked {
        shortfalls = List.copyOf(shortfalls);
    }

    /** The median of its windows' req/s. */
    public double requestsPerSecond() {
        return run.requestsPerSecond().median();
    }

    /** The median of its windows' P99, microseconds (NaN if unmeasured). */
    public double p99Micros() {
        return run.p99Micros().median();
    }

    /** The median of its windows' server CPU microseconds per request (NaN if unmeasured). */
    public double cpuMicros() {
        return run.serverMicrosPerRequest().median();
    }
}
