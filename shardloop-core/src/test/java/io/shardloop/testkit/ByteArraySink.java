package io.shardloop.testkit;

import io.shardloop.codec.ByteSink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A {@link ByteSink} into a byte array, for tests that look at what a codec encoded. One thread. */
public final class ByteArraySink implements ByteSink {
    private final ByteArrayOutputStream out;

    public ByteArraySink() {
        this(new ByteArrayOutputStream());
    }

    public ByteArraySink(ByteArrayOutputStream out) {
        this.out = out;
    }

    @Override
    public void put(byte b) {
        out.write(b);
    }

    @Override
    public void put(byte[] src, int offset, int length) {
        out.write(src, offset, length);
    }

    @Override
    public void put(ByteBuffer src) {
        while (src.hasRemaining()) {
            out.write(src.get());
        }
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
