package io.shardloop.transport.internal.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one loop: written only by the loop thread with plain stores (no atomics on the hot path),
 * read from any thread with opaque loads (each value whole, not all values at one instant).
 */
public final class LoopCounters {
    public static final int SELECT_NANOS = 0;
    public static final int WAKEUPS = 1;
    public static final int EVENTS = 2;
    public static final int TASKS = 3;
    public static final int CONNECTIONS_ACCEPTED = 4;
    public static final int CONNECTIONS_ACTIVE = 5;
    public static final int MESSAGES = 6;
    public static final int BYTES_READ = 7;
    public static final int BYTES_WRITTEN = 8;
    /** Times a connection stopped reading because its outbound bytes passed the high watermark. */
    public static final int READ_PAUSES = 9;
    public static final int READ_RESUMES = 10;
    /** Connections whose reading is paused now. */
    public static final int READ_PAUSED_NOW = 11;
    /** Peers that shut their output (EOF) while the connection was open. */
    public static final int HALF_CLOSES = 12;
    /** Connections reset by the peer (read or write failed). */
    public static final int RESETS = 13;
    /** Connections closed by us abortively (SO_LINGER 0). */
    public static final int ABORTS = 14;
    /** Connections closed in order (FIN after the replies owed). */
    public static final int ORDERLY_CLOSES = 15;
    public static final int IDLE_TIMEOUTS = 16;
    public static final int PARTIAL_TIMEOUTS = 17;
    public static final int CODEC_ERRORS = 18;
    /** Accepted then closed because the server was at its connection limit. */
    public static final int OVER_LIMIT = 19;
    /** accept() failures for lack of descriptors (EMFILE/ENFILE), answered with the spare descriptor. */
    public static final int ACCEPT_EMFILE = 20;
    public static final int ACCEPT_ERRORS = 21;
    /** Wake-ups actually sent to the driver by other threads (coalesced: at most one per select). */
    public static final int WAKEUP_CALLS = 22;
    /** Task phases cut short by the task-phase budget. */
    public static final int TASK_BUDGET_EXHAUSTED = 23;
    /** Tasks that arrived while the loop was stopping (run once more so that their channels get closed). */
    public static final int TASKS_DROPPED = 24;
    /** Connections that read once as they opened, before any event of theirs ({@link ReadOnOpen}). */
    public static final int READS_ON_OPEN = 25;
    /** Of those, the reads that found the request (or the end of the stream) there already. */
    public static final int READS_ON_OPEN_FOUND = 26;
    /**
     * Connections closed because the loop could not register them or change their registration (epoll_ctl or the
     * selector refused: ENOSPC at fs.epoll.max_user_watches, ENOMEM).
     */
    public static final int REGISTRATION_FAILURES = 27;
    /** Waits for events that failed and were tried again after a back-off ({@link WaitFailures}). */
    public static final int WAIT_FAILURES = 28;
    static final int COUNT = 29;

    private static final VarHandle AA = MethodHandles.arrayElementVarHandle(long[].class);
    private final long[] values = new long[COUNT];

    /** Loop thread only. */
    public void add(int counter, long delta) {
        values[counter] += delta;
    }

    /** Loop thread only. */
    public void inc(int counter) {
        values[counter]++;
    }

    /** Any thread. */
    public long get(int counter) {
        return (long) AA.getOpaque(values, counter);
    }
}
