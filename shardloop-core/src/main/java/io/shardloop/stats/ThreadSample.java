package io.shardloop.stats;

/**
 * One thread's counters at one instant, as /proc/PID/task/TID shows them.
 *
 * @param tid                    the kernel thread id
 * @param name                   the thread's comm (its name, truncated to 15 bytes by Linux)
 * @param role                   the role read from the name
 * @param userTicks              utime in clock ticks
 * @param systemTicks            stime in clock ticks
 * @param voluntarySwitches      voluntary_ctxt_switches: the thread blocked (select, lock, sleep, I/O)
 * @param involuntarySwitches    nonvoluntary_ctxt_switches: the scheduler took the CPU away
 * @param startTicks             when the thread started, in clock ticks since boot
 */
public record ThreadSample(
        int tid,
        String name,
        ThreadRole role,
        long userTicks,
        long systemTicks,
        long voluntarySwitches,
        long involuntarySwitches,
        long startTicks) {
}
