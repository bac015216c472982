package io.shardloop.stats;

import java.util.List;

/**
 * One process's counters at one instant. Process-wide CPU includes threads that have exited; the thread list
 * has only the live ones.
 *
 * @param pid           the process id
 * @param nanoTime      {@link System#nanoTime()} when the sample was taken
 * @param userTicks     utime of the whole process (live and reaped threads), in clock ticks
 * @param systemTicks   stime of the whole process, in clock ticks
 * @param threads       the live threads, or empty if the caller asked for process figures only
 */
public record ProcessSample(long pid, long nanoTime, long userTicks, long systemTicks, List<ThreadSample> threads) {

    public ProcessSample {
        threads = List.copyOf(threads);
    }
}
