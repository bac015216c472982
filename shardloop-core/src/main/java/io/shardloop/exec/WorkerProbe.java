package io.shardloop.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The busy-since stamp of one executor worker, for the stall watchdog. Thread contract: {@link #begin} and
 * {@link #end} by the worker thread only; the reads from any thread.
 */
final class WorkerProbe implements BusyProbe {

    private static final VarHandle BUSY_SINCE;

    static {
        try {
            BUSY_SINCE = MethodHandles.lookup().findVarHandle(WorkerProbe.class, "busySince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread;
    @SuppressWarnings("unused") // accessed through BUSY_SINCE
    private long busySince;

    WorkerProbe(Thread thread) {
        this.thread = thread;
    }

    /** Worker thread. Opaque writes: the watchdog needs the value soon, not a fence on every task. */
    void begin(long nowNanos) {
        BUSY_SINCE.setOpaque(this, Math.max(1, nowNanos));
    }

    void end() {
        BUSY_SINCE.setOpaque(this, 0L);
    }

    @Override
    public String name() {
        return thread.getName();
    }

    @Override
    public Kind kind() {
        return Kind.WORKER;
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public long busySinceNanos() {
        return (long) BUSY_SINCE.getOpaque(this);
    }
}
