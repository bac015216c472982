package io.shardloop.codec;

import java.nio.ByteBuffer;

/** Malformed input: the connection sends {@link #reply()} (if not null) after the replies it owes, then closes. */
public class CodecException extends Exception {

    private final transient ByteBuffer reply;

    public CodecException(String reason, ByteBuffer reply) {
        super(reason, null, false, false);
        this.reply = reply;
    }

    /** Read-only bytes to send before closing, or null. */
    public ByteBuffer reply() {
        return reply == null ? null : reply.asReadOnlyBuffer();
    }
}
