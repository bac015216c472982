package io.shardloop.transport.internal.epoll;

import io.shardloop.nativeio.Libc;
import io.shardloop.nativeio.SocketAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * The native memory one thread's socket calls use: its errno slot, an iovec array for gathered writes and small
 * option values, allocated once per loop so that no call allocates. Ownership: one thread at a time (the loop that
 * owns the driver); the memory lives as long as the JVM needs it (an automatic arena: sockets handed between loops
 * may still point here after the driver closes).
 */
public final class NativeScratch {
    /** Chunks one writev takes; a connection's outbound buffer rarely holds more. */
    static final int MAX_IOV = 64;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    public final Libc.CallState state;
    final MemorySegment iov;
    /** An int option value (1) for setsockopt. */
    final MemorySegment one;
    /** struct linger {l_onoff = 1, l_linger = 0}: close sends a reset. */
    final MemorySegment lingerZero;
    final MemorySegment address;
    final MemorySegment length;
    /** One struct epoll_event for epoll_ctl. */
    public final MemorySegment epollEvent;
    private final ByteBuffer[] cachedBuffers = new ByteBuffer[16];
    private final long[] cachedBases = new long[16];
    private int nextCached;

    public NativeScratch() {
        var arena = Arena.ofAuto();
        state = Libc.CallState.allocate(arena);
        iov = arena.allocate(Libc.IOVEC_SIZE * MAX_IOV, 8);
        one = arena.allocate(ValueLayout.JAVA_INT);
        one.set(ValueLayout.JAVA_INT, 0, 1);
        lingerZero = arena.allocate(8, 4);
        lingerZero.set(ValueLayout.JAVA_INT, 0, 1);
        lingerZero.set(ValueLayout.JAVA_INT, 4, 0);
        address = arena.allocate(SocketAddress.MAX_SIZE, 8);
        length = arena.allocate(ValueLayout.JAVA_INT);
        epollEvent = arena.allocate(Libc.EPOLL_EVENT_SIZE, 8);
    }

    public int errno() {
        return Libc.errno(state);
    }

    /** Fills iovec {@code i} with the remaining bytes of {@code b} (a direct buffer). */
    void iovec(int i, ByteBuffer b) {
        long at = i * Libc.IOVEC_SIZE;
        iov.set(LONG, at, base(b) + b.position());
        iov.set(LONG, at + 8, b.remaining());
    }

    /**
     * The native address of direct buffer {@code b}'s first byte. A loop reads into one shared buffer and writes
     * from the few pooled chunks its pool hands out again and again (last in, first out), so a small cache of
     * addresses hits nearly always, and a hit makes no segment object (escape analysis does not remove the one
     * {@code MemorySegment.ofBuffer} makes on every call through the downcall).
     */
    long base(ByteBuffer b) {
        for (int i = 0; i < cachedBuffers.length; i++) {
            if (cachedBuffers[i] == b) {
                return cachedBases[i];
            }
        }
        long base = MemorySegment.ofBuffer(b).address() - b.position();
        cachedBuffers[nextCached] = b;
        cachedBases[nextCached] = base;
        nextCached = (nextCached + 1) % cachedBuffers.length;
        return base;
    }
}
