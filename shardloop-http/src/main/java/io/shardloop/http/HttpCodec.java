package io.shardloop.http;

import io.shardloop.codec.ByteSink;
import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 codec of one connection: {@link RequestParser} in, {@link ResponseEncoder} out. It remembers, in
 * request order, what each response depends on (version, keep-alive, HEAD); replies are encoded in that order.
 * Thread contract: {@link Codec}'s (one thread at a time, with happens-before between threads).
 */
public final class HttpCodec implements Codec<Request, Response>, RequestParser.Sink {

    private static final ByteBuffer CONTINUE =
            ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private final RequestParser parser;
    private DecodeSink<Request> out;
    /** Ring of per-request flags, requests decoded but not yet answered. */
    private int[] pending = new int[8];
    private int head;
    private int size;
    /** closeAfter may be asked before or after encode: -1 none, 0/1 the answer of the last encode not yet asked. */
    private int encodedClose = -1;
    private boolean askedBeforeEncode;

    public HttpCodec(HttpLimits limits) {
        this.parser = new RequestParser(limits);
    }

    @Override
    public void decode(ByteBuffer in, DecodeSink<Request> sink) throws CodecException {
        this.out = sink;
        try {
            parser.parse(in, this);
        } catch (HttpParseException e) {
            throw new CodecException(e.status() + " " + e.getMessage(), ErrorReplies.closing(e.status(), e.getMessage()));
        } finally {
            this.out = null;
        }
    }

    @Override
    public void request(Request request) {
        if (size == pending.length) {
            int[] grown = new int[size * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = pending[(head + i) % pending.length];
            }
            pending = grown;
            head = 0;
        }
        pending[(head + size) % pending.length] = ResponseEncoder.flags(request);
        size++;
        out.message(request);
    }

    @Override
    public void expectContinue() {
        out.interim(CONTINUE.duplicate());
    }

    @Override
    public void encode(Response reply, ByteSink sink) {
        int flags = nextFlags();
        if (size > 0) {
            head = (head + 1) % pending.length;
            size--;
        }
        boolean close = ResponseEncoder.encode(reply, flags, sink);
        if (askedBeforeEncode) {
            askedBeforeEncode = false;
        } else {
            encodedClose = close ? 1 : 0;
        }
    }

    @Override
    public boolean closeAfter(Response reply) {
        if (encodedClose >= 0) {
            boolean close = encodedClose == 1;
            encodedClose = -1;
            return close;
        }
        askedBeforeEncode = true;
        return ResponseEncoder.closes(reply, nextFlags());
    }

    /** Flags of the oldest unanswered request; a reply with none (not expected) is sent as HTTP/1.1 close. */
    private int nextFlags() {
        return size > 0 ? pending[head] : ResponseEncoder.HTTP11;
    }

    @Override
    public Request detach(Request message) {
        return message.detach();
    }

    @Override
    public boolean hasPartialMessage() {
        return parser.hasPartialMessage();
    }

    @Override
    public ByteBuffer partialMessageTimeoutReply() {
        return ErrorReplies.closing(408, "request not complete in time");
    }
}
