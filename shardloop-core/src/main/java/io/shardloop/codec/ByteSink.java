package io.shardloop.codec;

import java.nio.ByteBuffer;

/**
 * Where a {@link Codec} writes encoded bytes. The transport implements it over its pooled outbound buffers,
 * so encoding copies straight into memory the socket write reads from.
 * Thread contract: used only by the thread that called {@code encode}, only during that call.
 */
public interface ByteSink {

    void put(byte b);

    void put(byte[] src, int offset, int length);

    /** Copies src's remaining bytes; advances src's position to its limit. */
    void put(ByteBuffer src);

    default void put(byte[] src) {
        put(src, 0, src.length);
    }
}
