package io.shardloop.http.admin;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ProcessSample;
import io.shardloop.stats.ThreadSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The "threads" of /stats: this process's threads from /proc/self/task/*&#47;{stat,status}, with CPU % since
 * the previous reading (absent the first time a thread is seen). Thread contract: any thread; concurrent
 * readers each get a consistent answer (the previous sample is swapped atomically).
 */
final class ThreadCpu {

    /**
     * One thread in /stats. Field names are the JSON keys.
     *
     * @param name        the kernel's copy of the thread name (15 bytes at most)
     * @param cpuPercent  of one core since the previous /stats reading; null (omitted) the first time
     */
    record ThreadRow(int tid, String name, String role, long utimeTicks, long stimeTicks, Double cpuPercent,
                     long voluntaryCtxSwitches, long nonvoluntaryCtxSwitches) {
    }

    private final AtomicReference<ProcessSample> previous = new AtomicReference<>();

    /** The rows now; empty where /proc is not available. */
    List<ThreadRow> read() {
        if (!ProcSampler.available()) {
            return List.of();
        }
        var now = ProcSampler.sample(ProcessHandle.current().pid());
        var before = previous.getAndSet(now);
        var earlier = new HashMap<Integer, ThreadSample>();
        if (before != null) {
            before.threads().forEach(t -> earlier.put(t.tid(), t));
        }
        double hz = ProcSampler.clockTicksPerSecond();
        double seconds = before == null ? 0 : (now.nanoTime() - before.nanoTime()) / 1e9;
        var rows = new ArrayList<ThreadRow>(now.threads().size());
        for (var t : now.threads()) {
            Double cpu = null;
            var old = earlier.get(t.tid());
            if (old != null && old.startTicks() == t.startTicks() && seconds > 0) {
                long ticks = (t.userTicks() + t.systemTicks()) - (old.userTicks() + old.systemTicks());
                cpu = Math.round(1000.0 * ticks / hz / seconds) / 10.0;
            }
            rows.add(new ThreadRow(t.tid(), t.name(), t.role().label(), t.userTicks(), t.systemTicks(), cpu,
                    t.voluntarySwitches(), t.involuntarySwitches()));
        }
        return rows;
    }
}
