package io.shardloop.lab.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Where the server and the load generator run: two disjoint CPU lists for {@code taskset -c}, as in seed 001
 * (server cores 0-7, client cores 8-15). Immutable.
 *
 * @param server  CPU list of the server, e.g. {@code 0} or {@code 0-7}
 * @param client  CPU list of the load generator
 * @param pinned  whether taskset is there to pin them (else both run unpinned, and the report says so)
 */
public record CpuSets(String server, String client, boolean pinned) {

    public CpuSets {
        count(server);
        count(client);
    }

    /** The defaults for a machine with {@code cpus} CPUs: one each on 2 CPUs, half and half above, all shared on 1. */
    public static CpuSets defaults(int cpus, boolean pinned) {
        if (cpus <= 1) {
            return new CpuSets("0", "0", false);
        }
        int half = cpus / 2;
        return new CpuSets(range(0, half - 1), range(half, cpus - 1), pinned);
    }

    /** Chooses the given lists or the defaults; pins if taskset is installed. */
    public static CpuSets choose(String server, String client) {
        int cpus = Runtime.getRuntime().availableProcessors();
        boolean taskset = tasksetAvailable();
        var d = defaults(cpus, taskset);
        return new CpuSets(server == null ? d.server() : server, client == null ? d.client() : client,
                taskset && cpus > 1);
    }

    /** How many CPUs a list names; throws with the accepted form if it is not a CPU list. */
    public static int count(String list) {
        return cpus(list).size();
    }

    /** The CPUs a list like {@code 0-3,6} names. */
    public static TreeSet<Integer> cpus(String list) {
        var out = new TreeSet<Integer>();
        try {
            for (var part : list.split(",")) {
                var p = part.trim();
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
                if (lo < 0 || hi < lo) {
                    throw new NumberFormatException();
                }
                for (int c = lo; c <= hi; c++) {
                    out.add(c);
                }
            }
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("'" + list + "' is not a CPU list; expected e.g. 0, 0-3 or 0,2,4-7");
        }
        return out;
    }

    /** Whether the two lists share a CPU. */
    public boolean overlap() {
        var s = cpus(server);
        s.retainAll(cpus(client));
        return !s.isEmpty();
    }

    public int serverCores() {
        return pinned ? count(server) : Runtime.getRuntime().availableProcessors();
    }

    public int clientCores() {
        return pinned ? count(client) : Runtime.getRuntime().availableProcessors();
    }

    /** The command prefix that pins to {@code cpus}, or nothing when unpinned. */
    public java.util.List<String> prefix(String cpus) {
        return pinned ? java.util.List.of("taskset", "-c", cpus) : java.util.List.of();
    }

    public static boolean tasksetAvailable() {
        return onPath("taskset");
    }

    /** Whether an executable of this name is on the PATH. */
    public static boolean onPath(String name) {
        var path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (var dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static String range(int lo, int hi) {
        return lo == hi ? Integer.toString(lo) : lo + "-" + hi;
    }

    public String describe() {
        return pinned ? "server on CPUs " + server + ", load generator on CPUs " + client
                : "unpinned (taskset missing or a single CPU): server and load generator share all CPUs";
    }
}
