package io.shardloop.codec.echo;

import io.shardloop.codec.ByteSink;
import java.nio.ByteBuffer;

/**
 * An echo payload. Either a flyweight over the codec's input (reused for every message, valid only during
 * decode) or an owned copy made by {@link #copy()} (valid anywhere). Thread contract: a flyweight only on the
 * decoding thread during decode; a copy on one thread at a time.
 */
public final class EchoMessage {
    private ByteBuffer source;
    private int offset;
    private int length;

    EchoMessage() {
    }

    /** An owned message holding a copy of {@code bytes}. */
    public static EchoMessage of(byte[] bytes) {
        var m = new EchoMessage();
        m.view(ByteBuffer.wrap(bytes.clone()), 0, bytes.length);
        return m;
    }

    EchoMessage view(ByteBuffer source, int offset, int length) {
        this.source = source;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public int length() {
        return length;
    }

    public byte get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return source.get(offset + index);
    }

    /** Copies the payload into {@code dst} at {@code at}. */
    public void copyTo(byte[] dst, int at) {
        source.get(offset, dst, at, length);
    }

    public byte[] toByteArray() {
        var b = new byte[length];
        copyTo(b, 0);
        return b;
    }

    /** An owned copy, valid after decode returns (for hand-off to another thread). */
    public EchoMessage copy() {
        return of(toByteArray());
    }

    /** Writes the payload to {@code sink} without allocating (the source's position and limit are restored). */
    public void writeTo(ByteSink sink) {
        var src = source;
        int p = src.position();
        int l = src.limit();
        src.limit(offset + length).position(offset);
        try {
            sink.put(src);
        } finally {
            src.limit(l).position(p);
        }
    }

    @Override
    public String toString() {
        return "EchoMessage[" + length + " bytes]";
    }
}
