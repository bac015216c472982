package io.shardloop.model.internal;

import io.shardloop.transport.TransportConfig;
import io.shardloop.transport.internal.io.Transport;
import io.shardloop.transport.internal.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/** Helpers the model classes share to start loops and run set-up and stop steps on them. Any thread. */
final class Loops {
    /** A step that runs on a loop and may fail. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static final long SET_UP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

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
        callOn(name, executor, step, SET_UP_WAIT_NANOS);
    }

    /** {@link #callOn(String, Executor, Step)}, waiting up to {@code waitNanos}. */
    static void callOn(String name, Executor executor, Step step, long waitNanos) {
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
            done.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            var c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not run the step within "
                    + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
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

    static void stopAll(List<EventLoop> loops) {
        for (var l : loops) {
            l.shutdown();
        }
    }
}
