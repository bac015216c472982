package io.shardloop.load;

import java.util.Arrays;

/**
 * Counts a raw echoed stream back into requests: each run of {@code payload.length} bytes equal to the payload
 * is one answer. One connection, one loop thread.
 */
final class StreamEchoParser implements ResponseParser {

    private final byte[] payload;
    private int offset;

    StreamEchoParser(byte[] payload) {
        this.payload = payload;
    }

    @Override
    public int parse(byte[] a, int from, int to) {
        int n = Math.min(to - from, payload.length - offset);
        if (n > 0 && !Arrays.equals(a, from, from + n, payload, offset, offset + n)) {
            return GARBAGE;
        }
        offset += n;
        if (offset < payload.length) {
            return INCOMPLETE;
        }
        offset = 0;
        return from + n;
    }

    @Override
    public int status() {
        return 200;
    }

    @Override
    public boolean closeAfter() {
        return false;
    }

    @Override
    public boolean completeAtEof() {
        return false;
    }

    @Override
    public void reset() {
        offset = 0;
    }
}
