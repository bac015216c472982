package io.shardloop.lab.cores;

/**
 * {@code --emulate-cores}: where the budgets go and how large each is. Immutable.
 *
 * @param cgroups  the writable cgroup cpu tree
 * @param budget   one emulated core, for each server IO thread and for the JVM's other threads
 */
public record CoreEmulation(CpuCgroups cgroups, CoreBudget budget) {

    /** The emulated cores of a server that just started; removed when closed or when the server exits. */
    public EmulatedCores place(long serverPid, int serverCpus) {
        return EmulatedCores.place(cgroups, serverPid, budget, serverCpus);
    }
}
