package io.shardloop.lab.advise;

import io.shardloop.exec.ExecutorKind;
import io.shardloop.lab.diagnosis.Diagnosis;
import io.shardloop.lab.diagnosis.RunFigures;
import io.shardloop.lab.matrix.LoopFigures;
import io.shardloop.lab.matrix.Offload;
import io.shardloop.lab.matrix.RunResult;
import io.shardloop.lab.run.Latency;
import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.RoleFigures;
import io.shardloop.lab.run.ThreadFigures;
import io.shardloop.lab.run.Workload;
import io.shardloop.model.ModelKind;
import io.shardloop.stats.ThreadRole;
import java.util.List;

/** Recorded runs for the advice tests: a 2 s window with the figures each test names, nothing else. */
final class Recorded {

    static final double SECONDS = 2;

    private Recorded() {
    }

    /**
     * A run of {@code model} at {@code rps} with P99 {@code p99Micros}, {@code errors} failed requests and
     * {@code cpuMicros} of server CPU per request; its one IO loop (loop models) spent {@code selectShare} in
     * select while its thread used {@code loopCpuPercent} of a core and switched {@code loopVoluntary} times a second.
     */
    static RunResult run(ModelKind model, Offload offload, double rps, double p99Micros, long errors, double cpuMicros,
                         double selectShare, double loopCpuPercent, double loopVoluntary) {
        long requests = (long) (rps * SECONDS);
        double serverCpuPercent = 100 * cpuMicros * requests / 1e6 / SECONDS;
        // named as /proc names it: 15 characters
        var loopThread = new ThreadFigures(11, "shardloop-loop-", ThreadRole.LOOP, loopCpuPercent, loopCpuPercent / 2,
                loopCpuPercent / 2, loopVoluntary, 10, false);
        var server = new ProcessFigures(100, SECONDS, serverCpuPercent, serverCpuPercent / 2, serverCpuPercent / 2,
                loopVoluntary, 10, 0, List.of(loopThread), List.of(new RoleFigures(ThreadRole.LOOP, 1, loopCpuPercent,
                loopCpuPercent / 2, loopCpuPercent / 2, loopVoluntary, 10)));
        var loops = LoopBlocking.handlersOnLoops(model) || model == ModelKind.REACTOR_WORKERS
                ? List.of(new LoopFigures("shardloop-loop-0", "loop", selectShare, 1000, 1, 0, 64, requests))
                : List.<LoopFigures>of();
        var f = RunFigures.builder().requestsPerSecond(rps).requests(requests).errors(errors)
                .serverCores(1).serverCpuPercent(serverCpuPercent).serverUserPercent(serverCpuPercent / 2)
                .serverSystemPercent(serverCpuPercent / 2).clientCores(1).clientCpuPercent(50)
                .loopSelectShare(selectShare).loops(loops.size()).otherServerCpuPercent(0).otherClientCpuPercent(0)
                .stealPercent(0).threadsCreatedPerSecond(0).build();
        return new RunResult(Workload.HTTP_KEEPALIVE, model, 1, 64, "builtin", "0", "1", SECONDS, requests, errors, rps,
                new Latency(p99Micros / 4, p99Micros / 2, p99Micros, p99Micros * 2, p99Micros * 3, p99Micros / 3),
                server, null, loops, 0, f, Diagnosis.of(f), null, null, offload);
    }

    /** A run whose loop (if any) idles in select and computes what it does: no blocking. */
    static RunResult run(ModelKind model, double rps, double p99Micros, long errors, double cpuMicros) {
        return run(model, Offload.DEFAULT, rps, p99Micros, errors, cpuMicros, 0.5, 40, 100);
    }

    static Offload workers(ExecutorKind e, String inline) {
        return new Offload(e, inline);
    }
}
