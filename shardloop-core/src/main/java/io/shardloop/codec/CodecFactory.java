package io.shardloop.codec;

/** Makes one {@link Codec} per connection. Thread contract: called from any thread, must be thread-safe. */
@FunctionalInterface
public interface CodecFactory<I, O> {
    Codec<I, O> newCodec();
}
