package io.shardloop.codec;

import java.nio.ByteBuffer;

/** Where a {@link Codec} puts what it decoded. Thread contract: called only from inside {@code decode}. */
public interface DecodeSink<I> {

    /** A complete inbound message, in arrival order. */
    void message(I message);

    /**
     * Bytes the protocol must send now, ahead of replies not yet produced (HTTP's {@code 100 Continue}).
     * The transport copies them before returning.
     */
    default void interim(ByteBuffer bytes) {
    }
}
