package io.shardloop.lab.run;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops every process this JVM started (and theirs) when it exits, by SIGTERM or Ctrl-C included: a
 * {@code shardloop lab} or {@code advise} stopped in the middle of a run would otherwise leave that run's server
 * and load generator JVMs running, pinned to their CPUs and holding their ports. One shutdown hook per JVM,
 * registered by the first {@link #ensure}; any thread.
 */
public final class ChildrenOnExit {

    /** How long the children get to exit on SIGTERM (a server's graceful stop) before SIGKILL. */
    static final long GRACE_MILLIS = 3_000;

    private static final Thread HOOK = Thread.ofPlatform().name("shardloop-children-stop").unstarted(ChildrenOnExit::stopAll);

    static {
        try {
            Runtime.getRuntime().addShutdownHook(HOOK);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: its hooks have started, and a child started now is its caller's to stop
        }
    }

    private ChildrenOnExit() {
    }

    /** Registers the hook (once: the class's initialisation does it); call before starting a child. */
    public static void ensure() {
        // loading this class registered the hook
    }

    /** SIGTERM to every descendant, deepest first, then SIGKILL to those still alive after the grace period. */
    static void stopAll() {
        List<ProcessHandle> all = ProcessHandle.current().descendants().toList();
        if (all.isEmpty()) {
            return;
        }
        all.reversed().forEach(ProcessHandle::destroy); // a taskset-started JVM is the exec'd pid itself
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (var p : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
