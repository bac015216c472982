package io.shardloop.codec.echo;

import io.shardloop.codec.ByteSink;
import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import java.nio.ByteBuffer;

/**
 * Length-prefixed frames: a 4-byte big-endian payload length, then the payload; each frame is echoed back
 * framed the same way. Frames longer than {@code maxFrameSize} (or with a negative length) are a
 * {@link CodecException}. An incomplete frame stays in the input buffer (the transport keeps it).
 * Thread contract: as {@link Codec} (one instance per connection).
 */
public final class FrameEchoCodec implements Codec<EchoMessage, EchoMessage> {
    /** Default largest payload: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME = 1 << 20;

    private final int maxFrameSize;
    private final EchoMessage flyweight = new EchoMessage();
    private boolean partial;

    public FrameEchoCodec() {
        this(DEFAULT_MAX_FRAME);
    }

    public FrameEchoCodec(int maxFrameSize) {
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("maxFrameSize must be >= 0");
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    @Override
    public void decode(ByteBuffer in, DecodeSink<EchoMessage> out) throws CodecException {
        while (in.remaining() >= 4) {
            int at = in.position();
            int length = in.getInt(at);
            if (length < 0 || length > maxFrameSize) {
                partial = false;
                throw new CodecException("frame length " + Integer.toUnsignedString(length)
                        + " is outside 0.." + maxFrameSize, null);
            }
            if (in.remaining() - 4 < length) {
                break;
            }
            in.position(at + 4 + length);
            out.message(flyweight.view(in, at + 4, length));
        }
        partial = in.hasRemaining();
    }

    @Override
    public void encode(EchoMessage reply, ByteSink out) {
        int n = reply.length();
        out.put((byte) (n >>> 24));
        out.put((byte) (n >>> 16));
        out.put((byte) (n >>> 8));
        out.put((byte) n);
        reply.writeTo(out);
    }

    @Override
    public EchoMessage detach(EchoMessage message) {
        return message.copy();
    }

    @Override
    public boolean hasPartialMessage() {
        return partial;
    }
}
