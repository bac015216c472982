package io.shardloop.lab.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops the child JVMs this JVM started (a run's server and load generator, a probe), and theirs, when it exits,
 * by SIGTERM or Ctrl-C included: a {@code shardloop lab} or {@code advise} stopped in the middle of a run would
 * otherwise leave that run's JVMs running, pinned to their CPUs and holding their ports. Only the processes handed
 * to {@link #track}: other shutdown hooks run at the same time and start their own commands (the network
 * namespaces' removal runs {@code ip}), which must not be killed. One shutdown hook per JVM; any thread.
 */
public final class ChildrenOnExit {

    /** How long the children get to exit on SIGTERM (a server's graceful stop) before SIGKILL. */
    static final long GRACE_MILLIS = 3_000;

    private static final Children JVM = new Children();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shardloop-children-stop").unstarted(JVM::stopAll));
        } catch (IllegalStateException e) {
            // the JVM is already exiting: its hooks have started, and a child started now is its caller's to stop
        }
    }

    private ChildrenOnExit() {
    }

    /** Stops {@code p} (and its descendants) if this JVM exits while it runs; returns it. */
    public static Process track(Process p) {
        return JVM.track(p);
    }

    /** Whether this JVM is exiting (its hook has begun stopping the children): start nothing more. */
    public static boolean exiting() {
        return JVM.stopping;
    }

    /**
     * The tracked children of one JVM (a second instance for the tests). The runner's thread goes on starting
     * children while the shutdown hook runs (a lab holds a server per setting and starts the next during a
     * SIGTERM): a child tracked after the hook took its list is stopped at once, since nothing else would.
     */
    static final class Children {
        private final Set<Process> live = ConcurrentHashMap.newKeySet();
        private volatile boolean stopping;

        Process track(Process p) {
            live.add(p);
            p.onExit().thenRun(() -> live.remove(p));
            // after the add: either stopAll's copy holds p, or this read sees its flag (both are volatile writes)
            if (stopping) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            return p;
        }

        /** SIGTERM to every tracked child and its descendants, deepest first, then SIGKILL to those alive after the grace. */
        void stopAll() {
            stopping = true;
            ChildrenOnExit.stopAll(List.copyOf(live));
        }
    }

    private static void stopAll(List<Process> children) {
        var all = new ArrayList<ProcessHandle>();
        for (var p : children) {
            all.add(p.toHandle());
            p.descendants().forEach(all::add);
        }
        resume(all); // the lab pauses the servers waiting for their next window: SIGTERM would wait for a SIGCONT
        all.reversed().forEach(ProcessHandle::destroy); // a taskset-started JVM is the exec'd pid itself
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (var p : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                // killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void resume(List<ProcessHandle> all) {
        if (all.isEmpty()) {
            return;
        }
        var cmd = new ArrayList<>(List.of("kill", "-CONT"));
        all.forEach(p -> cmd.add(Long.toString(p.pid())));
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): a paused child then goes at SIGKILL after the grace
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
