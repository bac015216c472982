package io.shardloop.stats;

/**
 * Counters of one event loop since it started, read without stopping it (each field read atomically).
 * The lab takes two snapshots and divides the differences: select share = selectNanos / wall time,
 * events per wake-up = events / wakeups, and so on.
 *
 * @param name                 the loop thread's name, e.g. {@code shardloop-loop-3}
 * @param role                 {@code main} (accepts and hands off), {@code sub} (IO only), {@code loop}
 *                             (accepts and does IO), or {@code admin}
 * @param selectNanos          wall time spent blocked in the I/O driver's select
 * @param wakeups              returns from select
 * @param events               I/O events handled (ready keys)
 * @param tasks                tasks run from the loop's queue (hand-offs, worker replies, timers)
 * @param connectionsAccepted  connections this loop accepted or was handed
 * @param connectionsActive    connections this loop owns now
 * @param messages             inbound messages decoded on this loop's connections
 * @param bytesRead            bytes read from sockets
 * @param bytesWritten         bytes written to sockets
 * @param registrationFailures connections closed because the loop could not register them or change their
 *                             registration (a failed epoll_ctl: ENOSPC at fs.epoll.max_user_watches, ENOMEM)
 */
public record LoopStats(
        String name,
        String role,
        long selectNanos,
        long wakeups,
        long events,
        long tasks,
        long connectionsAccepted,
        int connectionsActive,
        long messages,
        long bytesRead,
        long bytesWritten,
        long registrationFailures) {

    /** A loop's counters without failures to report (the tests' and older readers' shape). */
    public LoopStats(String name, String role, long selectNanos, long wakeups, long events, long tasks,
                     long connectionsAccepted, int connectionsActive, long messages, long bytesRead, long bytesWritten) {
        this(name, role, selectNanos, wakeups, events, tasks, connectionsAccepted, connectionsActive, messages, bytesRead,
                bytesWritten, 0);
    }
}
