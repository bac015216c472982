package io.shardloop.exec;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts an executor's platform threads, named prefix + index, counting creations and exits, and remembers
 * them so that a forced shutdown can interrupt them and shutdown can tell a worker calling it. Any thread.
 */
final class WorkerThreads {

    private final String namePrefix;
    private final ExecutorCounters counters;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();

    WorkerThreads(String namePrefix, ExecutorCounters counters) {
        this.namePrefix = namePrefix;
        this.counters = counters;
    }

    /** Starts {@code body} on a new daemon thread named prefix + index; counts it created now, destroyed at exit. */
    Thread start(int index, Runnable body) {
        var thread = Thread.ofPlatform().name(namePrefix + index).daemon(true).unstarted(() -> {
            try {
                body.run();
            } finally {
                live.remove(Thread.currentThread());
                counters.threadExited();
            }
        });
        live.add(thread);
        counters.threadStarted();
        thread.start();
        return thread;
    }

    boolean isWorker(Thread t) {
        return live.contains(t);
    }

    void interruptAll() {
        live.forEach(Thread::interrupt);
    }

    /** Waits until every started thread has exited or the deadline passes; true if all exited. */
    boolean awaitExit(long deadlineNanos) {
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
        return live.isEmpty();
    }
}
