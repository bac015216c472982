package io.shardloop.codec.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import io.shardloop.testkit.ByteArraySink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoCodecsTest {

    /** A sink collecting owned copies of decoded messages. */
    private static final class Collect implements DecodeSink<EchoMessage> {
        final List<byte[]> messages = new ArrayList<>();

        @Override
        public void message(EchoMessage m) {
            messages.add(m.toByteArray());
        }
    }

    private static byte[] frame(int n, byte fill) {
        var b = ByteBuffer.allocate(4 + n).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put(fill);
        }
        return b.array();
    }

    @Test
    void framesSplitAtEveryPointDecodeTheSame() throws Exception {
        var stream = new ByteArrayOutputStream();
        stream.write(frame(3, (byte) 1));
        stream.write(frame(0, (byte) 0));
        stream.write(frame(10, (byte) 2));
        byte[] all = stream.toByteArray();
        for (int split = 0; split <= all.length; split++) {
            var codec = new FrameEchoCodec();
            var sink = new Collect();
            var in = ByteBuffer.allocate(64);
            in.put(all, 0, split).flip();
            codec.decode(in, sink);
            in.compact().put(all, split, all.length - split).flip();
            codec.decode(in, sink);
            assertThat(sink.messages).as("split at %d", split).hasSize(3);
            assertThat(sink.messages.get(2)).hasSize(10).containsOnly(2);
            assertThat(in.hasRemaining()).isFalse();
            assertThat(codec.hasPartialMessage()).isFalse();
        }
    }

    @Test
    void partialFrameIsLeftInTheBufferAndReported() throws Exception {
        var codec = new FrameEchoCodec();
        var in = ByteBuffer.wrap(frame(10, (byte) 5), 0, 8);
        codec.decode(in, new Collect());
        assertThat(in.remaining()).isEqualTo(8);
        assertThat(codec.hasPartialMessage()).isTrue();
    }

    @Test
    void oversizeFrameIsACodecException() {
        var codec = new FrameEchoCodec(16);
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(frame(17, (byte) 0)), new Collect()))
                .isInstanceOf(CodecException.class).hasMessageContaining("17").hasMessageContaining("16");
        assertThatThrownBy(() -> codec.decode(ByteBuffer.allocate(4).putInt(0, -1), new Collect()))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void encodeFramesTheEchoAndRestoresTheSource() throws Exception {
        var codec = new FrameEchoCodec();
        var in = ByteBuffer.wrap(frame(4, (byte) 9));
        var out = new ByteArraySink();
        codec.decode(in, m -> {
            int p = in.position();
            codec.encode(m, out);
            assertThat(in.position()).isEqualTo(p);
        });
        assertThat(out.bytes()).isEqualTo(frame(4, (byte) 9));
    }

    @Test
    void detachedMessageOutlivesTheBuffer() throws Exception {
        var codec = new StreamEchoCodec();
        var in = ByteBuffer.wrap(new byte[] {1, 2, 3});
        var kept = new EchoMessage[1];
        codec.decode(in, m -> kept[0] = codec.detach(m));
        in.array()[0] = 99;
        assertThat(kept[0].toByteArray()).containsExactly(1, 2, 3);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void streamEchoEmitsWhateverArrivesAsOneMessage() {
        var codec = new StreamEchoCodec();
        var sink = new Collect();
        codec.decode(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}, 1, 3), sink);
        codec.decode(ByteBuffer.allocate(0), sink);
        assertThat(sink.messages).hasSize(1);
        assertThat(sink.messages.get(0)).containsExactly(2, 3, 4);
        assertThat(codec.hasPartialMessage()).isFalse();
    }

    @Test
    void framingNamesParse() {
        assertThat(EchoFraming.parse("frame")).isEqualTo(EchoFraming.FRAME);
        assertThatThrownBy(() -> EchoFraming.parse("lines")).hasMessageContaining("stream, frame");
    }
}
