package io.shardloop.transport.internal.loop;

import io.shardloop.codec.ByteSink;
import java.nio.ByteBuffer;

/**
 * The order of one connection's replies (pipelining, worker models): each decoded message takes the next sequence
 * number, a reply leaves only after every earlier one, and replies that finish early wait, encoded, in
 * {@link ParkedReplies}. After a reply that closes the connection no later reply is written.
 * Thread contract: the owning loop thread only.
 */
final class ReplyOrder {
    private ParkedReplies parked;
    private long nextSeq;
    private long nextToWrite;
    private long lastToWrite = Long.MAX_VALUE;

    /** The sequence number of a newly decoded message. */
    long assign() {
        return nextSeq++;
    }

    long lastAssigned() {
        return nextSeq - 1;
    }

    /** Whether the reply to {@code seq} is still to be written (not written yet, not after the last one). */
    boolean wanted(long seq) {
        return seq >= nextToWrite && seq <= lastToWrite;
    }

    boolean isNext(long seq) {
        return seq == nextToWrite;
    }

    /** Replies owed: messages decoded whose reply has not been written. */
    long owed() {
        return nextSeq - nextToWrite;
    }

    boolean noneOwed() {
        return nextToWrite == nextSeq;
    }

    /** Every reply that will be written has been. */
    boolean finished() {
        return nextToWrite == nextSeq || nextToWrite > lastToWrite;
    }

    /** No reply after {@code seq} will be written. */
    void endAt(long seq) {
        lastToWrite = Math.min(lastToWrite, seq);
    }

    /**
     * Interim bytes (HTTP 100 Continue) for the message being decoded: written now when every earlier reply is out,
     * else kept (copied) to go just before that message's reply.
     */
    void interim(ByteBuffer bytes, ByteSink out) {
        if (nextToWrite == nextSeq) {
            out.put(bytes.duplicate());
        } else {
            var copy = ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()).flip();
            parked().parkPre(nextToWrite, nextSeq, copy);
        }
    }

    /** Reply {@code seq} (the next one) is about to be written: its interim bytes go first. */
    void begin(long seq, ByteSink out) {
        if (parked != null) {
            var pre = parked.takePre(seq);
            if (pre != null) {
                out.put(pre);
            }
        }
    }

    /** The next reply has been written. */
    void advance() {
        nextToWrite++;
    }

    /** Keeps reply {@code seq}, encoded (or null: nothing to send), until its turn. */
    void park(long seq, ByteBuffer encoded, boolean closeAfter) {
        parked().park(nextToWrite, seq, encoded, closeAfter);
    }

    /**
     * Writes the parked replies whose turn has come, in order; returns the sequence number of one after which the
     * connection closes (then nothing later is written), or -1.
     */
    long writeReady(ByteSink out) {
        if (parked == null) {
            return -1;
        }
        while (nextToWrite <= lastToWrite && parked.has(nextToWrite)) {
            long seq = nextToWrite;
            begin(seq, out);
            var b = parked.bytes(seq);
            boolean close = parked.closeAfter(seq);
            parked.remove(seq);
            if (b != null) {
                out.put(b);
            }
            nextToWrite++;
            if (close) {
                endAt(seq);
                return seq;
            }
        }
        return -1;
    }

    private ParkedReplies parked() {
        if (parked == null) {
            parked = new ParkedReplies();
        }
        return parked;
    }
}
