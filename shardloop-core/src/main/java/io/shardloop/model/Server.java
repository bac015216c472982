package io.shardloop.model;

import io.shardloop.stats.ServerStats;
import java.time.Duration;

/**
 * A running server under one threading model. Thread contract: every method may be called from any thread;
 * {@link #shutdown} is idempotent.
 */
public interface Server extends AutoCloseable {

    /** The bound port (useful when configured with port 0). */
    int port();

    ModelKind model();

    /** Counters of the loops, the executor and the connection threads, for /stats and the lab. */
    ServerStats stats();

    /**
     * Graceful stop: stop accepting, finish replies to messages already read, close connections, free the
     * port; force-close whatever remains after {@code grace}. Returns true if nothing had to be forced.
     */
    boolean shutdown(Duration grace);

    /** Blocks until the server has stopped. */
    void awaitTermination() throws InterruptedException;

    @Override
    default void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
