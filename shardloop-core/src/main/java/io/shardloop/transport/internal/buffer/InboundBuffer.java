package io.shardloop.transport.internal.buffer;

import java.nio.ByteBuffer;

/**
 * The bytes of one connection's incomplete message, kept between reads. Most reads decode whole messages from the
 * loop's shared read buffer and keep nothing; a remainder moves to a pooled chunk, and a message larger than a
 * chunk grows a heap buffer up to the configured maximum.
 * Ownership: the chunk belongs to this buffer until {@link #release()}. Thread contract: the owning loop thread.
 */
public final class InboundBuffer {
    private BufferPool pool;
    private final int maxSize;
    private ByteBuffer pending;

    public InboundBuffer(BufferPool pool, int maxSize) {
        this.pool = pool;
        this.maxSize = maxSize;
    }

    /** Chunks come from and go back to {@code p} from now on (shared-epoll: the pool of the thread serving now). */
    public void pool(BufferPool p) {
        pool = p;
    }

    /** Where the next read goes: after the kept bytes, or into the shared buffer when nothing is kept. */
    public ByteBuffer readTarget(ByteBuffer shared) {
        return pending != null ? pending : shared;
    }

    /**
     * Keeps what the codec left unread in {@code buf} (in read mode) for the next read, and leaves {@code shared}
     * empty. Returns false when the incomplete message outgrew the maximum (the connection must close).
     */
    public boolean keepRemainder(ByteBuffer buf, ByteBuffer shared) {
        if (buf == shared) {
            if (buf.hasRemaining()) {
                pending = pool.acquire();
                pending.put(buf);
            }
            shared.clear();
            return true;
        }
        if (!buf.hasRemaining()) {
            release();
            return true;
        }
        buf.compact();
        if (buf.hasRemaining()) {
            return true;
        }
        if (buf.capacity() >= maxSize) {
            return false;
        }
        var bigger = ByteBuffer.allocate(Math.min(buf.capacity() * 2, maxSize));
        bigger.put(buf.flip());
        pool.release(buf);
        pending = bigger;
        return true;
    }

    public void release() {
        if (pending != null) {
            pool.release(pending);
            pending = null;
        }
    }
}
