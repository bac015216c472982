package io.shardloop.transport;

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
final class NativeScratch {
    /** Chunks one writev takes; a connection's outbound buffer rarely holds more. */
    static final int MAX_IOV = 64;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    final Libc.CallState state;
    final MemorySegment iov;
    /** An int option value (1) for setsockopt. */
    final MemorySegment one;
    /** struct linger {l_onoff = 1, l_linger = 0}: close sends a reset. */
    final MemorySegment lingerZero;
    final MemorySegment address;
    final MemorySegment length;

    NativeScratch() {
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
    }

    int errno() {
        return Libc.errno(state);
    }

    /** Fills iovec {@code i} with the remaining bytes of {@code b}. */
    void iovec(int i, ByteBuffer b) {
        long at = i * Libc.IOVEC_SIZE;
        iov.set(LONG, at, MemorySegment.ofBuffer(b).address());
        iov.set(LONG, at + 8, b.remaining());
    }
}
