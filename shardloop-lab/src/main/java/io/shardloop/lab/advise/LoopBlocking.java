package io.shardloop.lab.advise;

import io.shardloop.lab.matrix.LoopFigures;
import io.shardloop.lab.matrix.RunResult;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.ThreadRole;

/**
 * How long a handler held an event loop without using its CPU, per request: the loop was out of select (its
 * /stats select time) but its thread was not running (/proc), i.e. it waited inside a handler (a JDBC call, a
 * downstream request, a lock). The stall watchdog cannot see this: it polls every 10 ms and warns past 100 ms,
 * and a handler that blocks 5 ms per request stalls the loop only 5 ms at a time. Pure; any thread.
 *
 * @param millisPerRequest    loop time out of select and off the CPU, summed over the IO loops, per request
 *                            (their threads' CPU from /proc, by role)
 * @param voluntaryPerRequest the loops' voluntary context switches per request (a thread that blocks gives up
 *                            its CPU: about one per blocking call)
 */
public record LoopBlocking(double millisPerRequest, double voluntaryPerRequest) {

    /** Below this the loop is not called blocked: scheduling noise on a shared machine is about this large. */
    public static final double MIN_MILLIS = 0.1;
    /** A blocking handler switches voluntarily about once per request; waiting for a busy CPU does not. */
    public static final double MIN_VOLUNTARY = 0.5;

    /** The blocking of a run's IO loops, or empty when the model runs handlers elsewhere or nothing was measured. */
    public static java.util.Optional<LoopBlocking> of(RunResult r) {
        if (!handlersOnLoops(r.model()) || r.server() == null || !(r.requestsPerSecond() > 0)) {
            return java.util.Optional.empty();
        }
        // by role, not by thread: /proc truncates names to 15 characters (shardloop-loop-0 reads shardloop-loop-)
        var loopThreads = r.server().role(ThreadRole.LOOP);
        var io = r.loops().stream().filter(LoopFigures::doesIo).toList();
        if (loopThreads.isEmpty() || io.isEmpty()) {
            return java.util.Optional.empty();
        }
        double busy = io.stream().mapToDouble(l -> 1 - l.selectShare()).sum();
        double blocked = Math.max(0, busy - loopThreads.get().cpuPercent() / 100);
        double voluntary = loopThreads.get().voluntaryPerSecond();
        return java.util.Optional.of(new LoopBlocking(1000 * blocked / r.requestsPerSecond(),
                voluntary / r.requestsPerSecond()));
    }

    /** Whether this is a handler that blocked the loop (rather than a loop that waited for its CPU). */
    public boolean blocked() {
        return millisPerRequest >= MIN_MILLIS && voluntaryPerRequest >= MIN_VOLUNTARY;
    }

    /** The models whose handlers run on the IO loops. */
    static boolean handlersOnLoops(ModelKind m) {
        return switch (m) {
            case SINGLE_REACTOR, MAIN_SUB, SHARED_NOTHING, SHARED_EPOLL -> true;
            case THREAD_PER_CONNECTION, VIRTUAL_THREADS, REACTOR_WORKERS, MAIN_SUB_WORKERS -> false;
        };
    }
}
