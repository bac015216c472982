package io.shardloop.lab.cores;

import io.shardloop.stats.ProcSampler;
import io.shardloop.stats.ThreadRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One server's emulated cores: a cgroup with its own budget per server IO thread (found by name in
 * /proc/PID/task/*&#47;comm), and one more for all the JVM's other threads, under
 * {@code shardloop-lab-<lab pid>-<server pid>}. Closing removes them all, and so does the server's exit. Made by
 * the runner thread; {@link #close} from any thread.
 */
public final class EmulatedCores implements AutoCloseable {

    static final String PREFIX = "shardloop-lab-";

    private record Placed(Path dir, String name, ThreadRole role, CoreBudget budget) {
    }

    private final CpuCgroups cgroups;
    private final CoreBudget budget;
    private final int serverCpus;
    private final Path top;
    private final List<Placed> placed;
    private boolean closed; // guarded by this

    private EmulatedCores(CpuCgroups cgroups, CoreBudget budget, int serverCpus, Path top, List<Placed> placed) {
        this.cgroups = cgroups;
        this.budget = budget;
        this.serverCpus = serverCpus;
        this.top = top;
        this.placed = placed;
    }

    /** Whether a thread of this role gets a core of its own: the main or accept thread, each loop, each worker. */
    public static boolean isIo(ThreadRole role) {
        return switch (role) {
            case MAIN, ACCEPT, LOOP, WORKER -> true;
            case CONNECTION, ADMIN, CARRIER, JVM, OTHER -> false;
        };
    }

    /**
     * Gives each of the server's IO threads a group with {@code budget}, and its other threads one group with what
     * the cores leave of the server's CPUs (at least one core's budget): the JIT and GC keep their pace, and the
     * report shows what they took. Call after the server started (its threads exist and are named). On failure
     * removes what it made.
     */
    public static EmulatedCores place(CpuCgroups cgroups, long serverPid, CoreBudget budget, int serverCpus) {
        sweepStale(cgroups);
        var name = PREFIX + ProcessHandle.current().pid() + "-" + serverPid;
        var top = cgroups.create(name);
        var placed = new ArrayList<Placed>();
        var cores = new EmulatedCores(cgroups, budget, serverCpus, top, placed);
        try {
            var threads = ProcSampler.sample(serverPid, true).threads();
            long io = threads.stream().filter(t -> isIo(t.role())).count();
            cgroups.weight(top, 1024L * threads.size()); // the weight its threads had, one task each, at the root
            var jvm = new Placed(cgroups.create(name + "/jvm"), "jvm", ThreadRole.JVM,
                    CoreBudget.ofCpus(Math.max(budget.share(), serverCpus - io * budget.share())));
            cgroups.budget(jvm.dir(), jvm.budget());
            placed.add(jvm);
            var seen = new java.util.HashSet<Integer>();
            // a second look: a thread started while the first pass ran joined its creator's group or the root
            for (int pass = 0; pass < 2; pass++) {
                for (var t : pass == 0 ? threads : ProcSampler.sample(serverPid, true).threads()) {
                    if (!seen.add(t.tid())) continue;
                    var into = jvm;
                    if (isIo(t.role())) {
                        var group = t.role().label() + "-" + t.tid();
                        into = new Placed(cgroups.create(name + "/" + group), group, t.role(), budget);
                        cgroups.budget(into.dir(), budget);
                        placed.add(into);
                    }
                    cgroups.attach(into.dir(), t.tid());
                }
            }
            // a server that dies (or is killed) mid-run takes its groups with it, whatever the runner is doing
            ProcessHandle.of(serverPid).ifPresentOrElse(h -> h.onExit().thenRun(cores::close), cores::close);
            return cores;
        } catch (RuntimeException e) {
            cores.close();
            throw e;
        }
    }

    /** Groups left by a lab or a server that no longer runs (a lab killed with SIGKILL cannot clean up). */
    static void sweepStale(CpuCgroups cgroups) {
        for (var dir : cgroups.children(PREFIX)) {
            var pids = dir.getFileName().toString().substring(PREFIX.length()).split("-");
            boolean alive = pids.length == 2;
            for (var pid : pids) {
                try {
                    alive &= ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                } catch (NumberFormatException e) {
                    alive = false;
                }
            }
            if (!alive) {
                cgroups.subgroups(dir).forEach(cgroups::remove);
                cgroups.remove(dir);
            }
        }
    }

    /** The groups as the kernel sees them now: read before the server stops, while its threads are still there. */
    public CoreGroups snapshot() {
        var groups = placed.stream().map(p -> new CoreGroups.Group(p.name(), p.role(), cgroups.tasks(p.dir()),
                cgroups.stat(p.dir()), p.budget())).toList();
        return new CoreGroups(budget, serverCpus, groups);
    }

    /** The server's top group (its subgroups are the cores). */
    public Path directory() {
        return top;
    }

    /** Removes every group (moving any thread still alive back to the root). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (var p : placed.reversed()) {
            cgroups.remove(p.dir());
        }
        cgroups.remove(top);
    }
}
