package io.shardloop.model.internal;

import io.shardloop.transport.internal.EventLoop;
import io.shardloop.transport.internal.Transport;
import io.shardloop.transport.TransportConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/** Helpers the model classes share to start loops and run set-up steps on them. Any thread. */
final class Loops {
    private static final System.Logger LOG = System.getLogger(Loops.class.getName());
    /** A step that runs on a loop and may fail. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private Loops() {
    }

    static List<EventLoop> start(String prefix, String role, int count, TransportConfig config, Transport io) {
        var loops = new ArrayList<EventLoop>(count);
        for (int i = 0; i < count; i++) {
            loops.add(new EventLoop(prefix + i, role, config, io).start());
        }
        return loops;
    }

    /** Runs {@code step} on {@code loop} and waits for it (up to 10 s); rethrows its failure. */
    static void callOn(EventLoop loop, Step step) {
        if (loop.isStopped()) {
            return;
        }
        callOn(loop.name(), loop::execute, step);
    }

    /** Runs {@code step} through {@code executor} (a loop's, or shared-epoll's pool) and waits for it (up to 10 s). */
    static void callOn(String name, Executor executor, Step step) {
        var done = new CompletableFuture<Void>();
        executor.execute(() -> {
            try {
                step.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            var c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not run a set-up step within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@code open} reads 0 or {@code deadline} ({@link System#nanoTime()}) passes; true if it did. */
    static boolean awaitNone(IntSupplier open, long deadline) {
        while (open.getAsInt() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Like {@link #callOn} for shutdown steps: a stuck or failed loop makes it return false, not throw. */
    static boolean tryOn(EventLoop loop, Step step) {
        return loop.isStopped() || tryOn(loop.name(), loop::execute, step);
    }

    /** {@link #tryOn(EventLoop, Step)} through any executor. */
    static boolean tryOn(String name, Executor executor, Step step) {
        try {
            callOn(name, executor, step);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a shutdown step on " + name + " failed", e);
            return false;
        }
    }

    static void stopAll(List<EventLoop> loops) {
        for (var l : loops) {
            l.shutdown();
        }
    }
}
