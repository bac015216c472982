package io.shardloop.load;

import java.util.Arrays;

/**
 * Parses echoed frames (4-byte big-endian length + payload) and checks each is the frame that was sent.
 * One connection, one loop thread.
 */
final class FramedEchoParser implements ResponseParser {

    private final byte[] payload;
    private int headerRead;
    private int length;
    private int offset;

    FramedEchoParser(byte[] payload) {
        this.payload = payload;
    }

    @Override
    public int parse(byte[] a, int from, int to) {
        int i = from;
        while (headerRead < 4) {
            if (i == to) {
                return INCOMPLETE;
            }
            length = length << 8 | (a[i++] & 0xff);
            if (++headerRead == 4 && length != payload.length) {
                return GARBAGE;
            }
        }
        int n = Math.min(to - i, payload.length - offset);
        if (n > 0 && !Arrays.equals(a, i, i + n, payload, offset, offset + n)) {
            return GARBAGE;
        }
        offset += n;
        i += n;
        if (offset < payload.length) {
            return INCOMPLETE;
        }
        reset();
        return i;
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
        headerRead = 0;
        length = 0;
        offset = 0;
    }
}
