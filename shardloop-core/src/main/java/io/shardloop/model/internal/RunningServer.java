package io.shardloop.model.internal;

import io.shardloop.model.ModelKind;
import io.shardloop.model.Server;
import io.shardloop.transport.internal.loop.EventLoop;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The lifecycle every model's running server shares: its port and model, its uptime, a shutdown that runs once
 * (later and concurrent callers wait for the first and get its result), and {@link #close} with the configured
 * grace. Each model says only how it stops, in {@link #stop}. Thread contract: any thread.
 */
abstract class RunningServer implements Server {
    private static final System.Logger LOG = System.getLogger(RunningServer.class.getName());
    /** The least a stop step on a busy loop is waited for, even past the deadline: a loop mid-batch gets to it. */
    private static final long STEP_FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final ModelKind model;
    private final int port;
    private final Duration grace;
    private final long startNanos = System.nanoTime();
    private final ShutdownOnce shutdown = new ShutdownOnce();

    RunningServer(ModelKind model, int port, Duration grace) {
        this.model = model;
        this.port = port;
        this.grace = grace;
    }

    /**
     * Stops the server, gracefully until {@code deadline} ({@link System#nanoTime}): stop accepting, finish what
     * was read, close, then force the rest. Runs once, on the first caller of {@link #shutdown}. Returns true if
     * nothing had to be forced.
     */
    abstract boolean stop(long deadline);

    @Override
    public final int port() {
        return port;
    }

    @Override
    public final ModelKind model() {
        return model;
    }

    /**
     * A stop step's outcome, passed through; one that failed is logged with what it was, since {@link #shutdown}
     * answers only whether everything finished in time.
     */
    final boolean step(boolean ok, String what) {
        if (!ok) {
            notClean(what, null);
        }
        return ok;
    }

    /**
     * Runs a stop step on {@code loop} and waits for it until {@code deadline} ({@link System#nanoTime}), or
     * {@link #STEP_FLOOR_NANOS} if that is later; one that failed or did not run in time is logged once, with its
     * cause, and gives false. A loop that has stopped has nothing left to do: true.
     */
    final boolean stepOn(EventLoop loop, Loops.Step action, long deadline, String what) {
        return loop.isStopped() || stepOn(loop.name(), loop::execute, action, deadline, what);
    }

    /** {@link #stepOn(EventLoop, Loops.Step, long, String)} through any executor (shared-epoll's pool). */
    final boolean stepOn(String name, Executor executor, Loops.Step action, long deadline, String what) {
        try {
            Loops.callOn(name, executor, action, Math.max(deadline - System.nanoTime(), STEP_FLOOR_NANOS));
            return true;
        } catch (RuntimeException e) {
            notClean(what, e);
            return false;
        }
    }

    private void notClean(String what, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING,
                model.cliName() + " on port " + port + ": shutdown not clean: " + what, cause);
    }

    /** Nanoseconds since the server was built, for its stats. */
    final long uptimeNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Whether a shutdown has begun (a connection accepted now must not start reading). */
    final boolean shuttingDown() {
        return shutdown.started();
    }

    @Override
    public final boolean shutdown(Duration grace) {
        return shutdown.run(() -> stop(System.nanoTime() + grace.toNanos()));
    }

    @Override
    public final void awaitTermination() throws InterruptedException {
        shutdown.await();
    }

    @Override
    public final void close() {
        shutdown(grace);
    }
}
