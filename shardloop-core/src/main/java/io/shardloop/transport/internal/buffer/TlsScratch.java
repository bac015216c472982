package io.shardloop.transport.internal.buffer;

import java.nio.ByteBuffer;

/**
 * The direct buffers one loop's TLS connections share while they read or write (each empties them before it
 * returns, as with the loop's shared read buffer): ciphertext in, ciphertext out (room for several records, so
 * that a large reply leaves in one write) and the plaintext a caller's buffer had no room for. A connection keeps
 * bytes of its own only when a read or a write stops mid-record. Thread contract: the owning loop thread only.
 */
public final class TlsScratch {
    static final int RECORDS_PER_WRITE = 4;

    public final ByteBuffer netIn;
    public final ByteBuffer netOut;
    public final ByteBuffer plain;

    TlsScratch(int packetSize, int applicationSize) {
        netIn = ByteBuffer.allocateDirect(packetSize);
        netOut = ByteBuffer.allocateDirect(packetSize * RECORDS_PER_WRITE);
        plain = ByteBuffer.allocateDirect(applicationSize);
    }

    /** {@code current} if its buffers are big enough for these sizes, else new ones (a thread keeps one set). */
    public static TlsScratch fitting(TlsScratch current, int packetSize, int applicationSize) {
        return current != null && current.netIn.capacity() >= packetSize && current.plain.capacity() >= applicationSize
                ? current : new TlsScratch(packetSize, applicationSize);
    }
}
