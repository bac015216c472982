package io.shardloop.codec.echo;

import io.shardloop.codec.ByteSink;
import io.shardloop.codec.Codec;
import io.shardloop.codec.DecodeSink;
import java.nio.ByteBuffer;

/**
 * Raw stream echo: whatever bytes arrive are one message, echoed back as they are. No framing, so it never
 * holds a partial message. Thread contract: as {@link Codec} (one instance per connection).
 */
public final class StreamEchoCodec implements Codec<EchoMessage, EchoMessage> {
    private final EchoMessage flyweight = new EchoMessage();

    @Override
    public void decode(ByteBuffer in, DecodeSink<EchoMessage> out) {
        int n = in.remaining();
        if (n == 0) {
            return;
        }
        int at = in.position();
        in.position(in.limit());
        out.message(flyweight.view(in, at, n));
    }

    @Override
    public void encode(EchoMessage reply, ByteSink out) {
        reply.writeTo(out);
    }

    @Override
    public EchoMessage detach(EchoMessage message) {
        return message.copy();
    }
}
