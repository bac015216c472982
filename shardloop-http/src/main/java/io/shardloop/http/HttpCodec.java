package io.shardloop.http;

import io.shardloop.codec.ByteSink;
import io.shardloop.codec.Codec;
import io.shardloop.codec.CodecException;
import io.shardloop.codec.DecodeSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 codec of one connection: {@link RequestParser} in, {@link ResponseEncoder} out. What a response's
 * framing depends on (version, keep-alive, HEAD) travels with the response ({@link Response#forRequest}), since
 * worker models encode replies as they finish and only write them in request order. Thread contract: {@link Codec}'s (one thread at a time, with happens-before between threads).
 */
public final class HttpCodec implements Codec<Request, Response>, RequestParser.Sink {

    private static final ByteBuffer CONTINUE =
            ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private final RequestParser parser;
    private DecodeSink<Request> out;
    /** A streamed reply whose body writer failed mid-way: the connection must close after it. */
    private Response brokenStream;

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
        out.message(request);
    }

    @Override
    public void expectContinue() {
        out.interim(CONTINUE.duplicate());
    }

    /** Encodes {@code reply} framed for the request it was bound to ({@link Response#forRequest}). */
    @Override
    public void encode(Response reply, ByteSink sink) {
        if (ResponseEncoder.encode(reply, sink) && !ResponseEncoder.closes(reply)) {
            brokenStream = reply;
        }
    }

    @Override
    public boolean closeAfter(Response reply) {
        if (reply == brokenStream) {
            brokenStream = null;
            return true;
        }
        return ResponseEncoder.closes(reply);
    }

    @Override
    public boolean peerSendsNoMore(Response reply) {
        return (reply.requestFlags() & ResponseEncoder.KEEP_ALIVE) == 0;
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

    @Override
    public ByteBuffer overloadedReply() {
        return ErrorReplies.closing(503, "server overloaded, try again later");
    }
}
