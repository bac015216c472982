package io.shardloop.model;

import io.shardloop.exec.BusyProbe;
import io.shardloop.stats.ServerStats;
import java.time.Duration;
import java.util.List;

/**
 * A running server under one threading model. Thread contract: every method may be called from any thread;
 * {@link #shutdown} is idempotent.
 */
public interface Server extends AutoCloseable {

    /** The bound port (useful when configured with port 0). */
    int port();

    ModelKind model();

    /** The transport its sockets run on: {@code epoll} or {@code nio}. */
    String transport();

    /**
     * The event loops of this server as the stall watchdog sees them (main loop first where there is one): each
     * one's thread and busy-since stamp. On shared-epoll, its pool threads (busy from
     * the return of epoll_wait until the next). Empty on the connection-thread models.
     */
    default List<? extends BusyProbe> loopProbes() {
        return List.of();
    }

    /**
     * The worker threads' busy-since stamps (the live workers now), for the stall watchdog; empty on models
     * without workers.
     */
    default List<? extends BusyProbe> workerProbes() {
        return List.of();
    }

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
