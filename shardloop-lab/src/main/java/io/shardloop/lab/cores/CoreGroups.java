package io.shardloop.lab.cores;

import io.shardloop.stats.ThreadRole;
import java.util.List;

/**
 * The emulated cores of one server as the kernel saw them at one instant: each group's budget, its threads and
 * its throttling so far. Plain data, so that {@link BudgetCheck} is a pure function of it. Immutable.
 *
 * @param budget      one emulated core
 * @param serverCpus  real CPUs the server may run on (what the budgets share)
 */
public record CoreGroups(CoreBudget budget, int serverCpus, List<Group> groups) {

    public CoreGroups {
        groups = List.copyOf(groups);
    }

    /**
     * One cgroup.
     *
     * @param name  the group's directory name, e.g. {@code loop-4711} or {@code jvm}
     * @param role  the role of the thread it was made for; {@link ThreadRole#JVM} for the JVM's other threads
     * @param tids  the threads in it now (the one placed, and any it created since: a new thread joins its creator's group)
     * @param budget  its bandwidth: one core's for an IO thread, what the cores leave of the CPUs for the JVM's group
     */
    public record Group(String name, ThreadRole role, List<Integer> tids, ThrottleStat stat, CoreBudget budget) {
        public Group {
            tids = List.copyOf(tids);
        }

        /** A group of a server IO thread (main or accept thread, loop, worker), not the JVM's other threads. */
        public boolean io() {
            return EmulatedCores.isIo(role);
        }
    }

    /** These groups with the throttling counted since {@code before}, an earlier snapshot of the same server. */
    public CoreGroups since(CoreGroups before) {
        var earlier = new java.util.HashMap<String, ThrottleStat>();
        before.groups().forEach(g -> earlier.put(g.name(), g.stat()));
        return new CoreGroups(budget, serverCpus, groups.stream().map(g -> new Group(g.name(), g.role(), g.tids(),
                g.stat().since(earlier.getOrDefault(g.name(), ThrottleStat.NONE)), g.budget())).toList());
    }

    /** The IO threads' groups: the emulated cores. */
    public List<Group> cores() {
        return groups.stream().filter(Group::io).toList();
    }
}
