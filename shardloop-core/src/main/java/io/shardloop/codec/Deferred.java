package io.shardloop.codec;

/** A reply to complete later. Thread contract: any thread, exactly once; later calls are ignored. */
public interface Deferred<O> {

    void complete(O reply);

    /** Fails the message: the connection closes after the replies that precede it. */
    void fail(Throwable cause);
}
