package io.shardloop.load;

/**
 * Parses responses in place from the bytes a connection received, one response at a time, keeping only the state
 * it needs between reads (no copy of the bytes, no allocation per response). Owned by one connection, hence by
 * one loop thread.
 */
sealed interface ResponseParser permits HttpResponseParser, FramedEchoParser, StreamEchoParser {

    /** All bytes were consumed and no response completed yet. */
    int INCOMPLETE = -1;
    /** The bytes are not a valid response; the connection must be dropped. */
    int GARBAGE = -2;

    /**
     * Consumes bytes {@code a[from, to)} until one response completes. Returns the index just past that response
     * (so the caller can call again from there), {@link #INCOMPLETE} or {@link #GARBAGE}.
     */
    int parse(byte[] a, int from, int to);

    /** The status of the response that completed last (200 for echo). */
    int status();

    /** Whether the server announced it closes the connection after the response that completed last. */
    boolean closeAfter();

    /** At end of stream: whether the response in progress is complete because its body is delimited by the close. */
    boolean completeAtEof();

    /** Forgets any partial response (after the connection is dropped). */
    void reset();
}
