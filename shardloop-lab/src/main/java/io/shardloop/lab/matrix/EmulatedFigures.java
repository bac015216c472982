package io.shardloop.lab.matrix;

import io.shardloop.lab.cores.CoreBudget;
import io.shardloop.lab.diagnosis.RunFigures;

/**
 * Re-expresses a run's server figures in emulated cores, so that the diagnosis' "85% of a core" means 85% of a
 * thread's budget: server CPU in units of one budget, and one core per IO thread. The neighbours' CPU is scaled
 * so that "25% of the server's CPUs" still means its real CPUs (neighbours take real CPU time, not budgets).
 * Client figures stay real: the load generator has its own real CPUs. Stateless.
 */
final class EmulatedFigures {

    private EmulatedFigures() {
    }

    static RunFigures onCores(RunFigures f, CoreBudget budget, int cores) {
        double s = budget.share();
        return RunFigures.builder()
                .requestsPerSecond(f.requestsPerSecond()).requests(f.requests()).errors(f.errors())
                .serverCores(cores)
                .serverCpuPercent(f.serverCpuPercent() / s)
                .serverUserPercent(f.serverUserPercent() / s)
                .serverSystemPercent(f.serverSystemPercent() / s)
                .clientCores(f.clientCores()).clientCpuPercent(f.clientCpuPercent())
                .dispatcherCpuPercent(f.dispatcherCpuPercent() / s)
                .loopSelectShare(f.loopSelectShare()).loopVoluntaryPerSecond(f.loopVoluntaryPerSecond())
                .loops(f.loops()).loopImbalance(f.loopImbalance())
                .threadsCreatedPerSecond(f.threadsCreatedPerSecond())
                .ceilingRequestsPerSecond(f.ceilingRequestsPerSecond())
                .otherServerCpuPercent(f.otherServerCpuPercent() * cores / Math.max(1, f.serverCores()))
                .otherClientCpuPercent(f.otherClientCpuPercent())
                .stealPercent(f.stealPercent())
                .build();
    }
}
