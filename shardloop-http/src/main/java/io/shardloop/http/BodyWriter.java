package io.shardloop.http;

import java.io.IOException;

/**
 * Produces a response body of unknown length piece by piece; each piece becomes one chunk (HTTP/1.1) or raw
 * bytes before close (HTTP/1.0). Called on the thread that encodes the response, once per response sent.
 */
@FunctionalInterface
public interface BodyWriter {

    void writeTo(BodyOutput out) throws IOException;

    /** Where a {@link BodyWriter} writes. Valid only during {@link BodyWriter#writeTo}. */
    interface BodyOutput {
        void write(byte[] bytes, int offset, int length);

        default void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }

        default void write(String text) {
            write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
