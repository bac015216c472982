package io.shardloop.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The bytes of an error response sent just before closing (400, 408, 413, ...). Stateless; any thread. */
public final class ErrorReplies {

    private ErrorReplies() {
    }

    /** A complete response with {@code Connection: close} and the reason as a text body. */
    public static ByteBuffer closing(int status, String reason) {
        String body = status + " " + HttpStatus.reason(status) + ": " + reason + "\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String date = DateHeader.value();
        String head = new String(HttpStatus.line(status), StandardCharsets.US_ASCII)
                + "Server: shardloop\r\nDate: " + date + "\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        var buf = ByteBuffer.allocate(h.length + b.length).put(h).put(b).flip();
        return buf.asReadOnlyBuffer();
    }
}
