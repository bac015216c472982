package io.shardloop.lab.run;

import io.shardloop.stats.ThreadRole;

/**
 * One thread's activity between two samples. CPU percentages are of one core (100 = one core busy all the
 * time), as pidstat shows them.
 *
 * @param started  the thread was not there in the first sample (its counters count from its start)
 */
public record ThreadFigures(
        int tid,
        String name,
        ThreadRole role,
        double cpuPercent,
        double userPercent,
        double systemPercent,
        double voluntaryPerSecond,
        double involuntaryPerSecond,
        boolean started) {
}
