package io.shardloop.transport.internal.io;

import java.util.concurrent.TimeUnit;

/**
 * Bounds of a lingering close. After an error reply (400, 408, 413...) the peer may still be sending; closing with
 * its bytes unread makes the kernel answer with a reset, and a client still writing (curl uploading a refused body)
 * then fails its write and never reads the reply. So the server sends FIN after the reply and reads and drops what
 * arrives until the peer closes, for at most {@link #MAX_NANOS} and {@link #MAX_BYTES} (as nginx's lingering close).
 */
public final class Linger {
    public static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    public static final long MAX_BYTES = 16L << 20;

    private Linger() {
    }
}
