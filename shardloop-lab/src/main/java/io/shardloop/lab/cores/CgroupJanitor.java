package io.shardloop.lab.cores;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every cgroup this JVM made and has not removed yet, and a shutdown hook that removes them (children first) on
 * Ctrl-C or any other exit, so an interrupted lab leaves no group behind. Any thread.
 */
final class CgroupJanitor {

    private static final Map<Path, CpuCgroups> LIVE = new LinkedHashMap<>(); // guarded by the class
    private static boolean hooked; // guarded by the class

    private CgroupJanitor() {
    }

    static synchronized void register(CpuCgroups owner, Path dir) {
        LIVE.put(dir, owner);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("lab-cgroup-janitor").unstarted(CgroupJanitor::removeAll));
        }
    }

    static synchronized void removed(Path dir) {
        LIVE.remove(dir);
    }

    /** Groups made and not yet removed, oldest first. */
    static synchronized java.util.List<Path> live() {
        return new ArrayList<>(LIVE.keySet());
    }

    /** Removes every live group, the most recent first (a parent after its children). */
    static void removeAll() {
        Map<Path, CpuCgroups> copy;
        synchronized (CgroupJanitor.class) {
            copy = new LinkedHashMap<>(LIVE);
        }
        var dirs = new ArrayList<>(copy.keySet());
        java.util.Collections.reverse(dirs);
        for (var dir : dirs) {
            copy.get(dir).remove(dir);
        }
    }
}
