package io.shardloop.load;

import java.io.IOException;

/**
 * How one {@link ClientLoop}'s sockets reach the kernel: {@link NioClientIo} (portable: java.nio selector and
 * channels) or {@link EpollClientIo} (Linux: epoll and socket calls through the FFM API, edge-triggered, about half
 * the system calls of a short connection). Loop thread only, like the loop itself.
 */
sealed interface ClientIo extends AutoCloseable permits NioClientIo, EpollClientIo {

    /** Called for each connection that became ready; stale readiness of a replaced socket is never reported. */
    interface ReadyHandler {
        void ready(ClientConnection c, boolean connectable, boolean writable, boolean readable);
    }

    /** Opens c's socket and starts a non-blocking connect; true when it connected at once. */
    boolean connect(ClientConnection c) throws IOException;

    /** After c was reported connectable: true when connected, false to wait more; throws when the connect failed. */
    boolean finishConnect(ClientConnection c) throws IOException;

    /**
     * Writes from {@code src} (c's request block, or TLS records), position advanced; returns bytes written, 0 when
     * full. {@code srcMemory} is the whole of src's direct memory (from index 0), for the native implementation.
     */
    int write(ClientConnection c, java.nio.ByteBuffer src, java.lang.foreign.MemorySegment srcMemory) throws IOException;

    /** Reads into {@code dst}; returns bytes read, 0 when nothing is there, -1 at end of stream. */
    int read(ClientConnection c, byte[] dst) throws IOException;

    /** Asks for (or stops asking for) writability reports while a write is unfinished. */
    void wantWrite(ClientConnection c, boolean on) throws IOException;

    /** Closes c's socket (if any); c may connect again at once. */
    void close(ClientConnection c);

    /**
     * Waits up to {@code timeoutNanos} (0 or less: do not wait) and reports what is ready. It may return early,
     * but should not wake more than a few tens of microseconds late: rate-mode sends are due at exact times.
     */
    void select(long timeoutNanos, ReadyHandler handler) throws IOException;

    /**
     * For a selector that counts whole milliseconds: the milliseconds to wait in it, or, for a wait under one
     * millisecond, parks the thread for it (a high-resolution timer) and returns 0 (then poll without waiting).
     * Rounding down wakes early and the loop waits again; rounding up would make a due send late.
     */
    static long millisOrPark(long timeoutNanos) {
        if (timeoutNanos >= 1_000_000L) {
            return timeoutNanos / 1_000_000L;
        }
        if (timeoutNanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(timeoutNanos);
        }
        return 0;
    }

    @Override
    void close() throws IOException;
}
