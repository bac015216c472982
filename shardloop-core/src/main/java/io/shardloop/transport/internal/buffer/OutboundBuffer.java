package io.shardloop.transport.internal.buffer;

import io.shardloop.codec.ByteSink;
import io.shardloop.transport.internal.io.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A connection's outbound bytes: pooled chunks, each in read mode (position = next byte to send, limit = end
 * of data; encoders append at the limit), flushed with one gathering write. Ownership: the chunks belong to
 * this buffer from acquire until a write drains them (then back to the loop's pool).
 * Thread contract: the owning loop thread only.
 */
public final class OutboundBuffer implements ByteSink {
    private BufferPool pool;
    private ByteBuffer[] chunks = new ByteBuffer[4];
    private int count;
    private long bytes;

    public OutboundBuffer(BufferPool pool) {
        this.pool = pool;
    }

    /** Chunks come from and go back to {@code p} from now on (shared-epoll: the pool of the thread serving now). */
    public void pool(BufferPool p) {
        pool = p;
    }

    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return bytes == 0;
    }

    private ByteBuffer tailWithSpace() {
        if (count > 0) {
            var t = chunks[count - 1];
            if (t.limit() < t.capacity()) {
                return t;
            }
        }
        var b = pool.acquire();
        b.limit(0);
        if (count == chunks.length) {
            chunks = Arrays.copyOf(chunks, count * 2);
        }
        chunks[count++] = b;
        return b;
    }

    @Override
    public void put(byte v) {
        var t = tailWithSpace();
        int w = t.limit();
        t.limit(w + 1);
        t.put(w, v);
        bytes++;
    }

    @Override
    public void put(byte[] src, int offset, int length) {
        while (length > 0) {
            var t = tailWithSpace();
            int w = t.limit();
            int n = Math.min(length, t.capacity() - w);
            t.limit(w + n);
            t.put(w, src, offset, n);
            offset += n;
            length -= n;
            bytes += n;
        }
    }

    @Override
    public void put(ByteBuffer src) {
        int length = src.remaining();
        int from = src.position();
        while (length > 0) {
            var t = tailWithSpace();
            int w = t.limit();
            int n = Math.min(length, t.capacity() - w);
            t.limit(w + n);
            t.put(w, src, from, n);
            from += n;
            length -= n;
            bytes += n;
        }
        src.position(src.limit());
    }

    /**
     * One gathering write; returns bytes written. Drained chunks go back to the pool. {@code beforeFin}: the caller
     * sends FIN once this is all written.
     */
    public long writeTo(StreamSocket ch, boolean beforeFin) throws IOException {
        if (count == 0) {
            return 0;
        }
        long n = count > 1 ? ch.write(chunks, 0, count) : beforeFin ? ch.writeBeforeFin(chunks[0]) : ch.write(chunks[0]);
        bytes -= n;
        int drained = 0;
        while (drained < count && !chunks[drained].hasRemaining()) {
            pool.release(chunks[drained]);
            drained++;
        }
        if (drained > 0) {
            System.arraycopy(chunks, drained, chunks, 0, count - drained);
            Arrays.fill(chunks, count - drained, count, null);
            count -= drained;
        }
        return n;
    }

    public void releaseAll() {
        for (int i = 0; i < count; i++) {
            pool.release(chunks[i]);
            chunks[i] = null;
        }
        count = 0;
        bytes = 0;
    }
}
