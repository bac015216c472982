package io.shardloop.http;

import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Feeds bytes to a codec the way the transport does: each read appends to one inbound buffer, decode consumes
 * what it can, the rest stays for the next read. Checks the transport's side of the contract: the bytes left
 * unconsumed never exceed {@code inboundLimit} (the codec must answer 4xx/5xx before that), and a
 * {@link CodecException} carries a 4xx/5xx reply. Any other exception escapes to the caller. Single thread.
 */
final class CodecDriver {

    /** What one connection's byte stream came to. {@code errorStatus} is 0 when no error was raised. */
    record Outcome(List<String> messages, int errorStatus, boolean partialAtEnd, int maxRetained) {
    }

    private CodecDriver() {
    }

    /**
     * Feeds {@code data} in the chunks whose lengths {@code splits} gives (cycled; 0 means 1), stopping at
     * the first error as a connection that closes would; {@code describe} turns each message (during the
     * sink call, so flyweights are fine) into what the outcome compares.
     */
    static <I, O> Outcome feed(Codec<I, O> codec, byte[] data, int[] splits, int inboundLimit,
                                Function<I, String> describe) {
        var messages = new ArrayList<String>();
        DecodeSink<I> sink = m -> messages.add(describe.apply(m));
        var in = ByteBuffer.allocate(Math.min(inboundLimit, data.length) + maxChunk(splits, data.length) + 16);
        int off = 0;
        int s = 0;
        int maxRetained = 0;
        while (off < data.length) {
            int chunk = splits.length == 0 ? data.length - off : Math.max(1, Math.abs(splits[s++ % splits.length]));
            chunk = Math.min(chunk, data.length - off);
            if (in.remaining() < chunk) {
                throw new AssertionError("inbound buffer would grow past " + inboundLimit + " bytes: codec retained "
                        + in.position() + " bytes without answering an error");
            }
            in.put(data, off, chunk);
            off += chunk;
            in.flip();
            try {
                codec.decode(in, sink);
            } catch (CodecException e) {
                return new Outcome(messages, statusOf(e), false, maxRetained);
            } finally {
                in.compact();
            }
            maxRetained = Math.max(maxRetained, in.position());
            if (in.position() > inboundLimit) {
                throw new AssertionError("codec left " + in.position() + " unconsumed bytes, past the limit "
                        + inboundLimit + ", without answering an error");
            }
        }
        return new Outcome(messages, 0, codec.hasPartialMessage() || in.position() > 0, maxRetained);
    }

    private static int maxChunk(int[] splits, int length) {
        int max = splits.length == 0 ? length : 1;
        for (int s : splits) {
            max = Math.max(max, Math.abs(s));
        }
        return Math.min(max, length) + 1;
    }

    /** The status code of the exception's reply; asserts the reply is an HTTP 4xx or 5xx. */
    static int statusOf(CodecException e) {
        var reply = e.reply();
        if (reply == null) {
            throw new AssertionError("malformed input closed silently, without a 4xx/5xx: " + e.getMessage());
        }
        var bytes = new byte[reply.remaining()];
        reply.get(bytes);
        var text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            throw new AssertionError("error reply is not an HTTP status line: " + text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        if (status < 400 || status > 599) {
            throw new AssertionError("error reply is not 4xx/5xx: " + status);
        }
        return status;
    }
}
