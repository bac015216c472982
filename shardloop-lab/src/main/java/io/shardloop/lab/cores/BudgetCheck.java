package io.shardloop.lab.cores;

import io.shardloop.lab.run.ProcessFigures;
import io.shardloop.lab.run.ThreadFigures;
import io.shardloop.stats.ThreadRole;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * Whether the emulated cores held over a run's window: each group's CPU (its threads' CPU from /proc) at most its
 * budget, and how often the kernel throttled it (cpu.stat, counted from placement: warm-up and window).
 * Immutable; any thread.
 *
 * @param cores           emulated cores (one per server IO thread)
 * @param held            every group stayed within its budget (with a tolerance of /proc's 10 ms ticks)
 * @param oversubscribed  the groups' budgets add up to more than the server's real CPUs, so a group may get less
 * @param groups          per group, busiest first
 * @param jvmCpuPercent   what the JVM's other threads (GC, JIT, admin, ...) used, % of one CPU (their own group)
 */
public record BudgetCheck(CoreBudget budget, int cores, boolean held, boolean oversubscribed, List<Use> groups,
                          double jvmCpuPercent) {

    /** One group over the window. */
    public record Use(String name, ThreadRole role, int threads, double cpuPercent, double budgetPercent,
                      long throttled, long periods, double throttledMillis, boolean within) {
    }

    public BudgetCheck {
        groups = List.copyOf(groups);
    }

    /** Checks {@code g} (read at the end of the run) against the server's per-thread figures over the window. */
    public static BudgetCheck of(CoreGroups g, ProcessFigures server) {
        var cpuByTid = new HashMap<Integer, Double>();
        for (ThreadFigures t : server.threads()) {
            cpuByTid.put(t.tid(), t.cpuPercent());
        }
        // /proc counts whole ticks: allow two of them over the window
        double ticks = 200.0 / (io.shardloop.stats.ProcSampler.clockTicksPerSecond() * Math.max(0.1, server.seconds()));
        var uses = g.groups().stream().map(group -> {
            double cpu = group.tids().stream().mapToDouble(tid -> cpuByTid.getOrDefault(tid, 0.0)).sum();
            double limit = 100 * group.budget().share();
            var s = group.stat();
            return new Use(group.name(), group.role(), group.tids().size(), cpu, limit, s.throttled(), s.periods(),
                    s.throttledNanos() / 1e6, cpu <= 1.1 * limit + ticks); // and 10% for the periods' edges
        }).sorted((a, b) -> Double.compare(b.cpuPercent(), a.cpuPercent())).toList();
        int cores = g.cores().size();
        boolean held = uses.stream().allMatch(Use::within);
        boolean over = cores * g.budget().share() > g.serverCpus() + 1e-9;
        double jvm = uses.stream().filter(u -> u.role() == ThreadRole.JVM).mapToDouble(Use::cpuPercent).sum();
        return new BudgetCheck(g.budget(), cores, held, over, uses, jvm);
    }

    /** What the emulated cores' threads used, % of one CPU. */
    public double coresCpuPercent() {
        return groups.stream().filter(u -> EmulatedCores.isIo(u.role())).mapToDouble(Use::cpuPercent).sum();
    }

    /** The busiest IO group of a role, if any. */
    public java.util.Optional<Use> busiest(ThreadRole role) {
        return groups.stream().filter(u -> u.role() == role).findFirst();
    }

    /** One line for the report, e.g. {@code 9 cores at 10.0% of a CPU (...): held; main 10.0% (throttled 401 of 2900 periods); loops 4.2-7.2%; other JVM threads 1.3%}. */
    public String line() {
        var b = new StringBuilder();
        b.append(cores).append(" emulated cores at ").append(budget).append(": ");
        b.append(held ? "held" : "exceeded by " + String.join(", ",
                groups.stream().filter(u -> !u.within()).map(u -> u.name() + " " + pct(u.cpuPercent())).toList()));
        if (oversubscribed) {
            b.append(" (oversubscribed: the budgets add up to more than the server's CPUs, so a core may get less)");
        }
        for (var role : List.of(ThreadRole.MAIN, ThreadRole.ACCEPT, ThreadRole.LOOP, ThreadRole.WORKER)) {
            var of = groups.stream().filter(u -> u.role() == role).toList();
            if (of.isEmpty()) continue;
            var top = of.getFirst();
            b.append("; ").append(role.label()).append(of.size() > 1 ? "s " : " ");
            b.append(of.size() > 1 ? String.format(Locale.ROOT, "%.1f-%.1f%%", of.getLast().cpuPercent(), top.cpuPercent())
                    : pct(top.cpuPercent()));
            long throttled = of.stream().mapToLong(Use::throttled).sum();
            long periods = of.stream().mapToLong(Use::periods).sum();
            if (periods > 0) {
                b.append(String.format(Locale.ROOT, " (throttled in %d of %d periods)", throttled, periods));
            }
        }
        groups.stream().filter(u -> u.role() == ThreadRole.JVM).findFirst().ifPresent(u -> b.append("; other JVM threads ")
                .append(pct(u.cpuPercent())).append(" of their own budget of ").append(pct(u.budgetPercent())));
        return b.toString();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }
}
