package io.shardloop.transport.internal.loop;

import io.shardloop.transport.internal.io.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The open-connection budget of one server. Thread contract: any thread. */
public final class ConnectionLimit {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Supplier<ByteBuffer> rejectReplySource;
    private volatile ByteBuffer rejectReply;
    private volatile boolean rejectReplyKnown;

    public ConnectionLimit(int max) {
        this(max, () -> null);
    }

    /**
     * A limit whose refused connections get the bytes {@code rejectReply} supplies (e.g. HTTP 503) before the
     * close; the supplier runs once, at the first refusal, and may return null (close silently).
     */
    public ConnectionLimit(int max, Supplier<ByteBuffer> rejectReply) {
        this.max = max;
        this.rejectReplySource = rejectReply;
    }

    private ByteBuffer rejectReply() {
        if (!rejectReplyKnown) {
            var r = rejectReplySource.get();
            rejectReply = r == null ? null : r.asReadOnlyBuffer();
            rejectReplyKnown = true;
        }
        return rejectReply;
    }

    /**
     * Refuses a connection accepted over the limit: sends the reject reply without blocking (a fresh socket's
     * send buffer takes it), discards what the client already sent (so the close is a FIN, not a reset that
     * could destroy the reply before the client reads it), and closes. Any thread.
     */
    public void reject(StreamSocket ch) {
        try (ch) {
            var reply = rejectReply();
            if (reply != null) {
                ch.write(reply.duplicate());
                ch.shutdownOutput();
            }
            var sink = ByteBuffer.allocate(1024);
            for (int i = 0; i < 16 && ch.read(sink.clear()) > 0; i++) {
                // drain the request bytes already here
            }
        } catch (IOException ignored) {
            // the client is gone already
        }
    }

    /** Takes a slot; false when the server is full. */
    public boolean tryAcquire() {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }
}
