package io.shardloop.lab.advise;

import io.shardloop.lab.matrix.LoopFigures;
import io.shardloop.lab.matrix.RunResult;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.ThreadRole;
import java.util.Locale;
import java.util.Optional;

/**
 * How long a handler held an event loop without using its CPU, per request: the loop was out of select (its
 * /stats select time) but its thread was not running (/proc), i.e. it waited inside a handler (a JDBC call, a
 * downstream request, a lock). The stall watchdog cannot see this: it polls every 10 ms and warns past 100 ms,
 * and a handler that blocks 5 ms per request stalls the loop only 5 ms at a time. A handler that blocks on a share
 * of requests shows the same way, smaller per request: each blocking call costs the loop one voluntary switch, so
 * the switches per request give the share and the off-CPU time per switch the length of one block.
 * Pure; any thread.
 *
 * @param millisPerRequest    loop time out of select and off the CPU, summed over the IO loops, per request
 *                            (their threads' CPU from /proc, by role)
 * @param voluntaryPerRequest the loops' voluntary context switches per request (a thread that blocks gives up
 *                            its CPU: about one per blocking call)
 * @param cpuMillisPerRequest the loops' CPU per request
 * @param involuntaryPerRequest the loops' involuntary switches per request (the scheduler took the CPU away)
 */
public record LoopBlocking(double millisPerRequest, double voluntaryPerRequest, double cpuMillisPerRequest,
                           double involuntaryPerRequest) {

    /** Below this the loop is not called blocked: scheduling noise on a shared machine is about this large. */
    public static final double MIN_MILLIS = 0.02;
    /** The loop must have waited at least this share of the time it computed: a handler that blocks now and then. */
    public static final double MIN_OFF_CPU_SHARE = 0.5;

    /** The blocking of a run's IO loops, or empty when the model runs handlers elsewhere or nothing was measured. */
    public static Optional<LoopBlocking> of(RunResult r) {
        if (!handlersOnLoops(r.model()) || r.server() == null || !(r.requestsPerSecond() > 0)) {
            return Optional.empty();
        }
        // by role, not by thread: /proc truncates names to 15 characters (shardloop-loop-0 reads shardloop-loop-)
        var loopThreads = r.server().role(ThreadRole.LOOP);
        var io = r.loops().stream().filter(LoopFigures::doesIo).toList();
        if (loopThreads.isEmpty() || io.isEmpty()) {
            return Optional.empty();
        }
        double busy = io.stream().mapToDouble(l -> 1 - l.selectShare()).sum();
        double cpu = loopThreads.get().cpuPercent() / 100;
        double blocked = Math.max(0, busy - cpu);
        double rps = r.requestsPerSecond();
        return Optional.of(new LoopBlocking(1000 * blocked / rps, loopThreads.get().voluntaryPerSecond() / rps,
                1000 * cpu / rps, loopThreads.get().involuntaryPerSecond() / rps));
    }

    /**
     * Whether handlers blocked the loop, on every request or a share of them, rather than the loop waiting for a
     * busy CPU: it was off the CPU while serving for a visible time, at least half as long as it computed, and it
     * gave the CPU up (voluntary switches) more often than it had it taken away.
     */
    public boolean blocked() {
        return millisPerRequest >= MIN_MILLIS && millisPerRequest >= MIN_OFF_CPU_SHARE * cpuMillisPerRequest
                && voluntaryPerRequest > involuntaryPerRequest;
    }

    /** The requests that blocked: at most one in one, from the voluntary switches per request. */
    public double blockingShare() {
        return Math.min(1, voluntaryPerRequest);
    }

    /** How long one block lasted, ms: the off-CPU time per blocking request. */
    public double millisPerBlock() {
        return blockingShare() <= 0 ? Double.NaN : millisPerRequest / blockingShare();
    }

    /** {@code handlers blocked the loop ~5.1 ms on ~1 request in 10 (...)}: the mechanism, with its share. */
    public String describe() {
        double share = blockingShare();
        var often = share >= 0.9 ? "on every request" : "on ~1 request in " + Math.round(1 / share);
        return String.format(Locale.ROOT, "handlers blocked the loop ~%s ms %s (%s ms off the CPU per request while "
                        + "serving, against %s ms on it; %s voluntary context switches per request), so the loop's "
                        + "other connections waited", io.shardloop.lab.report.Fmt.number(millisPerBlock()), often,
                io.shardloop.lab.report.Fmt.number(millisPerRequest), io.shardloop.lab.report.Fmt.number(cpuMillisPerRequest),
                io.shardloop.lab.report.Fmt.number(voluntaryPerRequest));
    }

    /** The models whose handlers run on the IO loops. */
    static boolean handlersOnLoops(ModelKind m) {
        return switch (m) {
            case SINGLE_REACTOR, MAIN_SUB, SHARED_NOTHING, SHARED_EPOLL -> true;
            case THREAD_PER_CONNECTION, VIRTUAL_THREADS, REACTOR_WORKERS, MAIN_SUB_WORKERS -> false;
        };
    }
}
