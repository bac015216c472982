package io.shardloop.codec;

/** The message being handled. Thread contract: use only on the thread running {@link Handler#handle}, during it. */
public interface Exchange<O> {

    /** Switches this message to a later answer; the handler then returns null. At most once per message. */
    Deferred<O> defer();
}
