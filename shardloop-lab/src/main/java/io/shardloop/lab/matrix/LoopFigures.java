package io.shardloop.lab.matrix;

import io.shardloop.stats.LoopStats;

/**
 * One event loop's activity over the measured window, from two admin /stats snapshots.
 *
 * @param selectShare      share of wall time blocked in select, 0..1 (the seeds' epoll_wait share)
 * @param eventsPerWakeup  I/O events handled per return from select
 * @param connections      connections the loop accepted or was handed in the window
 * @param messages         messages decoded on its connections in the window
 */
public record LoopFigures(String name, String role, double selectShare, double wakeupsPerSecond,
                          double eventsPerWakeup, double tasksPerSecond, long connections, long messages) {

    /** The difference between two snapshots of one loop, over {@code nanos} of wall time. */
    public static LoopFigures between(LoopStats a, LoopStats b, long nanos) {
        double secs = Math.max(1e-9, nanos / 1e9);
        long wakeups = b.wakeups() - a.wakeups();
        return new LoopFigures(b.name(), b.role(), Math.min(1, (b.selectNanos() - a.selectNanos()) / (double) nanos),
                wakeups / secs, wakeups == 0 ? 0 : (double) (b.events() - a.events()) / wakeups,
                (b.tasks() - a.tasks()) / secs, b.connectionsAccepted() - a.connectionsAccepted(), b.messages() - a.messages());
    }

    /** Whether this loop does socket IO (sub-loops, shared-nothing loops, the single reactor), not only accepting. */
    public boolean doesIo() {
        return !"main".equals(role) && !"admin".equals(role);
    }
}
