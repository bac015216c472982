package io.shardloop.stats;

/**
 * The role of a server thread, read from its name. Linux keeps only the first 15 bytes of a thread's name in
 * /proc/PID/task/TID/comm ({@code shardloop-loop-3} becomes {@code shardloop-loop-}), so roles match on prefixes
 * and loop numbers come from the admin /stats, not from /proc. Stateless; any thread.
 */
public enum ThreadRole {
    ACCEPT("accept"),
    MAIN("main"),
    LOOP("loop"),
    WORKER("worker"),
    CONNECTION("connection"),
    ADMIN("admin"),
    /** Carrier threads of virtual threads (the JDK's ForkJoinPool workers). */
    CARRIER("carrier"),
    /** Threads of the JVM itself: GC, JIT compilers, VM thread, reference handling. */
    JVM("jvm"),
    OTHER("other");

    private final String label;

    ThreadRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The role of a thread named {@code name} (a full Java name or a truncated comm). */
    public static ThreadRole of(String name) {
        if (name.startsWith("shardloop-")) {
            var rest = name.substring("shardloop-".length());
            if (rest.startsWith("acc")) return ACCEPT;
            if (rest.startsWith("main")) return MAIN;
            if (rest.startsWith("loop")) return LOOP;
            if (rest.startsWith("work")) return WORKER;
            if (rest.startsWith("conn")) return CONNECTION;
            if (rest.startsWith("adm")) return ADMIN;
            return OTHER;
        }
        if (name.startsWith("ForkJoinPool-") || name.startsWith("VirtualThread") || name.startsWith("ForkJoinPool.")) {
            return CARRIER;
        }
        if (isJvm(name)) {
            return JVM;
        }
        return OTHER;
    }

    private static boolean isJvm(String name) {
        for (var prefix : JVM_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] JVM_PREFIXES = {
            "GC Thread", "G1 ", "GC ", "ParGC", "C1 Compiler", "C2 Compiler", "VM Thread", "VM Periodic", "Signal Dispa",
            "Finalizer", "Reference Hand", "Common-Cleaner", "Notification", "Service Thread", "Sweeper",
            "Attach Listener", "Monitor Deflat", "VThread-Unpark", "process reaper", "Cleaner",
            "DestroyJavaVM", "JFR ", "Compiler", "ZDirector", "ZStat", "ZWorker", "Shen"
    };

    @Override
    public String toString() {
        return label;
    }
}
