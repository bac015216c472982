package io.shardloop.transport.internal.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size, recycled per loop (or per shared-epoll thread). Ownership: the pool belongs to its
 * thread (acquire and release only there); a buffer belongs to whoever acquired it (a connection's read or outbound
 * queue) until it is released, and is never touched by the pool meanwhile.
 */
public final class BufferPool {

    /** The thread a pool belongs to (a loop, or a shared-epoll thread), as the pool checks it. */
    public interface Owner {
        /** Throws unless the caller is the owning thread. Always runs (not a JVM assert). */
        void assertIn();
    }

    private final Owner owner;
    private final int chunkSize;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free;
    private long allocated;

    public BufferPool(Owner owner, int chunkSize, int maxPooled) {
        this.owner = owner;
        this.chunkSize = chunkSize;
        this.maxPooled = maxPooled;
        this.free = new ArrayDeque<>(Math.min(maxPooled, 1024));
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** A cleared buffer of {@link #chunkSize()} bytes, now owned by the caller. */
    public ByteBuffer acquire() {
        owner.assertIn();
        var b = free.pollFirst();
        if (b == null) {
            allocated++;
            return ByteBuffer.allocateDirect(chunkSize);
        }
        return b.clear();
    }

    /** Gives {@code b} back; the caller must not touch it afterwards. Foreign-sized buffers are dropped. */
    public void release(ByteBuffer b) {
        owner.assertIn();
        if (b.isDirect() && b.capacity() == chunkSize && free.size() < maxPooled) {
            free.addFirst(b);
        }
    }

    /** Buffers allocated over the pool's life (a steady state stops growing it). Loop thread only. */
    public long allocated() {
        return allocated;
    }
}
