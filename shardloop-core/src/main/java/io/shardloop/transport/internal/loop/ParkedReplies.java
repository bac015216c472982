package io.shardloop.transport.internal.loop;

import java.nio.ByteBuffer;

/**
 * Encoded replies that finished before an earlier one, held until their turn (pipelining on worker models):
 * a ring indexed by sequence number. Thread contract: the owning loop thread only.
 */
final class ParkedReplies {
    private ByteBuffer[] bytes = new ByteBuffer[16];
    private ByteBuffer[] pre = new ByteBuffer[16];
    private boolean[] present = new boolean[16];
    private boolean[] close = new boolean[16];
    private int parked;

    boolean isEmpty() {
        return parked == 0 && !anyPre;
    }

    private boolean anyPre;

    /** Makes room for {@code seq} when the oldest owed is {@code base}. */
    private void ensure(long base, long seq) {
        int cap = bytes.length;
        if (seq - base < cap) {
            return;
        }
        int newCap = cap;
        while (seq - base >= newCap) {
            newCap *= 2;
        }
        var nb = new ByteBuffer[newCap];
        var np = new ByteBuffer[newCap];
        var npr = new boolean[newCap];
        var nc = new boolean[newCap];
        for (long s = base; s < base + cap; s++) {
            int o = (int) (s & (cap - 1));
            int n = (int) (s & (newCap - 1));
            nb[n] = bytes[o];
            np[n] = pre[o];
            npr[n] = present[o];
            nc[n] = close[o];
        }
        bytes = nb;
        pre = np;
        present = npr;
        close = nc;
    }

    void park(long base, long seq, ByteBuffer encoded, boolean closeAfter) {
        ensure(base, seq);
        int i = (int) (seq & (bytes.length - 1));
        bytes[i] = encoded;
        close[i] = closeAfter;
        present[i] = true;
        parked++;
    }

    /** Interim bytes (e.g. 100 Continue) to send just before the reply {@code seq}. */
    void parkPre(long base, long seq, ByteBuffer b) {
        ensure(base, seq);
        int i = (int) (seq & (bytes.length - 1));
        pre[i] = b;
        anyPre = true;
    }

    /** Takes the interim bytes owed before reply {@code seq}, or null. */
    ByteBuffer takePre(long seq) {
        if (!anyPre) {
            return null;
        }
        int i = (int) (seq & (bytes.length - 1));
        var b = pre[i];
        pre[i] = null;
        return b;
    }

    boolean has(long seq) {
        return parked > 0 && present[(int) (seq & (bytes.length - 1))];
    }

    ByteBuffer bytes(long seq) {
        return bytes[(int) (seq & (bytes.length - 1))];
    }

    boolean closeAfter(long seq) {
        return close[(int) (seq & (bytes.length - 1))];
    }

    void remove(long seq) {
        int i = (int) (seq & (bytes.length - 1));
        bytes[i] = null;
        present[i] = false;
        close[i] = false;
        parked--;
    }
}
