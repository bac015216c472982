package io.shardloop.http;

import io.shardloop.codec.ByteSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Response} for one request: the pre-encoded head, the cached Date line, the Connection line
 * the request's version and keep-alive call for, and the body (none for HEAD). Stateless; any thread.
 */
final class ResponseEncoder {

    /** Request facts the response depends on, packed in an int. */
    static final int HTTP11 = 1;
    static final int KEEP_ALIVE = 2;
    static final int HEAD = 4;
    /** An HTTP/1.1 keep-alive request that is not HEAD. */
    static final int DEFAULT_FLAGS = HTTP11 | KEEP_ALIVE;

    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] TRANSFER_CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private ResponseEncoder() {
    }

    static int flags(Request r) {
        return (r.http11 ? HTTP11 : 0) | (r.keepAlive ? KEEP_ALIVE : 0) | (r.method == Request.HEAD ? HEAD : 0);
    }

    /** Whether the connection closes after {@code r} is sent. */
    static boolean closes(Response r) {
        int flags = r.requestFlags();
        return (flags & KEEP_ALIVE) == 0 || r.closeRequested() || (r.streamed() && (flags & HTTP11) == 0);
    }

    /** Encodes {@code r} for the request it is bound to; returns whether the connection must close after it. */
    static boolean encode(Response r, ByteSink out) {
        int flags = r.requestFlags();
        boolean close = closes(r);
        boolean head = (flags & HEAD) != 0;
        var date = DateHeader.now();
        if (!close && !head && (flags & HTTP11) != 0) {
            Response.Frame frame = r.frame(date);
            if (frame != null) {
                out.put(frame.bytes());
                return false;
            }
        }
        out.put(r.head());
        boolean chunked = r.streamed() && (flags & HTTP11) != 0;
        if (chunked) {
            out.put(TRANSFER_CHUNKED);
        }
        out.put(date.line());
        if (close) {
            out.put(CONNECTION_CLOSE);
        } else if ((flags & HTTP11) == 0) {
            out.put(CONNECTION_KEEP_ALIVE);
        }
        out.put(Response.CRLF);
        if (head) {
            return close;
        }
        if (!r.streamed()) {
            out.put(r.bodyBytes());
            return close;
        }
        try {
            r.writer().writeTo((bytes, offset, length) -> {
                if (length == 0) {
                    return;
                }
                if (chunked) {
                    chunkSize(length, out);
                    out.put(bytes, offset, length);
                    out.put(Response.CRLF);
                } else {
                    out.put(bytes, offset, length);
                }
            });
        } catch (IOException | RuntimeException e) {
            // the head is out; the only honest signal left is to close without the last chunk
            return true;
        }
        if (chunked) {
            out.put(LAST_CHUNK);
        }
        return close;
    }

    private static void chunkSize(int n, ByteSink out) {
        int shift = 28;
        while (shift > 0 && (n >>> shift) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            out.put(HEX[(n >>> shift) & 0xF]);
        }
        out.put(Response.CRLF);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
