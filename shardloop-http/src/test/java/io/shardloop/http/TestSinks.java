package io.shardloop.http;

import io.shardloop.codec.ByteSink;
import java.io.ByteArrayOutputStream;

/** A ByteSink over a byte stream, for tests in other packages. */
public final class TestSinks {
    private TestSinks() {
    }

    public static ByteSink of(ByteArrayOutputStream out) {
        return CodecRun.sinkOf(out);
    }
}
