package io.shardloop.exec;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Starts an executor's platform threads, named prefix + index, counting creations and exits, and remembers
 * them so that a forced shutdown can interrupt them and shutdown can tell a worker calling it. Any thread.
 */
final class WorkerThreads {

    private final String namePrefix;
    private final ExecutorCounters counters;
    private final WorkerExecutor owner;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final List<WorkerProbe> probes = new CopyOnWriteArrayList<>();

    WorkerThreads(String namePrefix, ExecutorCounters counters, WorkerExecutor owner) {
        this.namePrefix = namePrefix;
        this.counters = counters;
        this.owner = owner;
    }

    /**
     * Starts {@code body} on a new daemon thread named prefix + index, handing it the thread's stall probe, with
     * {@link WorkerExecutors#current()} bound to the owner; counts the thread created now and destroyed when the
     * body returns.
     */
    Thread start(int index, Consumer<WorkerProbe> body) {
        var probe = new WorkerProbe[1];
        var thread = Thread.ofPlatform().name(namePrefix + index).daemon(true).unstarted(() -> {
            try {
                ScopedValue.where(WorkerExecutors.CURRENT, owner).run(() -> body.accept(probe[0])); // probe written before start
            } finally {
                probes.remove(probe[0]);
                live.remove(Thread.currentThread());
                counters.threadExited();
            }
        });
        probe[0] = new WorkerProbe(thread);
        probes.add(probe[0]);
        live.add(thread);
        counters.threadStarted();
        thread.start();
        return thread;
    }

    /** The live workers' stall probes. */
    List<WorkerProbe> probes() {
        return probes;
    }

    boolean isWorker(Thread t) {
        return live.contains(t);
    }

    void interruptAll() {
        live.forEach(Thread::interrupt);
    }

    /**
     * The wait half of an executor's shutdown, after it has stopped taking tasks and woken its workers: waits for
     * them until {@code deadlineNanos}; past it runs {@code dropQueued} (which counts what it drops as rejected)
     * and interrupts them. True if every worker exited in time; false at once when called from a worker, which
     * cannot wait for itself (the others drain the queue).
     */
    boolean finishShutdown(long deadlineNanos, Runnable dropQueued) {
        if (isWorker(Thread.currentThread())) {
            return false;
        }
        if (awaitExit(deadlineNanos)) {
            return true;
        }
        dropQueued.run();
        interruptAll();
        return false;
    }

    /**
     * Waits until every started thread has exited or the deadline passes; true if all exited. Goes over the set
     * until it is empty, not once: its iteration is weakly consistent, and a thread started meanwhile must be waited
     * for too.
     */
    boolean awaitExit(long deadlineNanos) {
        while (!live.isEmpty()) {
            for (var t : live) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return live.isEmpty();
                }
                try {
                    t.join(java.time.Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return live.isEmpty();
                }
            }
        }
        return true;
    }
}
