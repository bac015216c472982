package io.shardloop.transport.internal.buffer;

import io.shardloop.codec.ByteSink;
import java.nio.ByteBuffer;

/**
 * A growable heap {@link ByteSink}: a reply that must wait for its turn, or a blocking connection's outbound bytes.
 * Thread contract: one thread.
 */
public final class HeapSink implements ByteSink {
    private ByteBuffer buf;

    public HeapSink() {
        this(256);
    }

    public HeapSink(int initialSize) {
        buf = ByteBuffer.allocate(initialSize);
    }

    private void ensure(int n) {
        if (buf.remaining() < n) {
            var bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    @Override
    public void put(byte b) {
        ensure(1);
        buf.put(b);
    }

    @Override
    public void put(byte[] src, int offset, int length) {
        ensure(length);
        buf.put(src, offset, length);
    }

    @Override
    public void put(ByteBuffer src) {
        ensure(src.remaining());
        buf.put(src);
    }

    /** The bytes written, in read mode. */
    public ByteBuffer bytes() {
        return buf.flip();
    }

    /** Writes what was put to {@code os} in one call and empties the sink for reuse. */
    public void writeTo(java.io.OutputStream os) throws java.io.IOException {
        if (buf.position() > 0) {
            os.write(buf.array(), buf.arrayOffset(), buf.position());
            buf.clear();
        }
    }
}
