package io.shardloop.http;

import io.shardloop.codec.ByteSink;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import io.shardloop.testkit.ByteArraySink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Feeds bytes to one {@link HttpCodec} in chosen splits and records what comes out. Test helper. */
final class CodecRun {

    final HttpCodec codec;
    final List<Request> requests = new ArrayList<>();
    int interims;
    CodecException error;

    CodecRun(HttpLimits limits) {
        this.codec = new HttpCodec(limits);
    }

    static CodecRun of(String raw, int split) {
        return of(HttpLimits.defaults(), raw.getBytes(StandardCharsets.ISO_8859_1), split);
    }

    /** split 0: all at once; n: pieces of n bytes. */
    static CodecRun of(HttpLimits limits, byte[] raw, int split) {
        var run = new CodecRun(limits);
        run.feed(raw, split);
        return run;
    }

    void feed(byte[] raw, int split) {
        int step = split <= 0 ? Math.max(1, raw.length) : split;
        for (int i = 0; i < raw.length && error == null; i += step) {
            int n = Math.min(step, raw.length - i);
            // a direct buffer, as the transport's pooled buffers are
            var in = ByteBuffer.allocateDirect(n).put(raw, i, n).flip();
            try {
                codec.decode(in, new DecodeSink<>() {
                    @Override
                    public void message(Request message) {
                        requests.add(codec.detach(message));
                    }

                    @Override
                    public void interim(ByteBuffer bytes) {
                        interims++;
                    }
                });
                if (in.hasRemaining()) {
                    throw new AssertionError("codec left " + in.remaining() + " bytes unconsumed");
                }
            } catch (CodecException e) {
                error = e;
            }
        }
    }

    /** The status of the error reply, or 0 when none. */
    int errorStatus() {
        if (error == null) {
            return 0;
        }
        var reply = error.reply();
        byte[] b = new byte[reply.remaining()];
        reply.get(b);
        return Integer.parseInt(new String(b, 9, 3, StandardCharsets.US_ASCII));
    }

    private int answered;
    Response last;

    /** Encodes {@code r} as the answer to the oldest request not yet answered (as the dispatcher binds it). */
    String send(Response r) {
        last = r.forRequest(requests.get(answered++));
        return encode(codec, last);
    }

    /** Whether the connection closes after the last response sent. */
    boolean closes() {
        return codec.closeAfter(last);
    }

    static String encode(HttpCodec codec, Response r) {
        var out = new ByteArrayOutputStream();
        codec.encode(r, sinkOf(out));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static ByteSink sinkOf(ByteArrayOutputStream out) {
        return new ByteArraySink(out);
    }
}
